package dev.tlsweep.core.report;

import static dev.tlsweep.core.report.JsonFields.strings;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The {@code certificates} section of an endpoint's JSON report: the served list, the built path,
 * complete, trusted, aiaFixable, hostnameValid and the OpenSSL verdict. Findings are not written
 * here: the caller adds them to the report's {@code findings} list.
 */
public final class ChainJson {

    private ChainJson() {
    }

    /** Writes the section as one JSON object (the caller writes the field name before it). */
    public static void write(ChainReport r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        writeFields(r, g);
        g.writeEndObject();
    }

    /** Writes the section's fields into an object the caller has started (and ends). */
    public static void writeFields(ChainReport r, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("served");
        for (CertificateInfo c : r.served()) {
            writeCertificate(c, g);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("path");
        for (CertificateInfo c : r.path()) {
            writeCertificate(c, g);
        }
        g.writeEndArray();
        g.writeBooleanField("complete", r.complete());
        g.writeBooleanField("trusted", r.trusted());
        g.writeBooleanField("aiaFixable", r.aiaFixable());
        g.writeBooleanField("hostnameValid", r.hostnameValid());
        g.writeObjectFieldStart("openssl");
        g.writeNumberField("code", r.openssl().code());
        g.writeStringField("text", r.openssl().text());
        g.writeNumberField("depth", r.openssl().depth());
        g.writeEndObject();
        OpenSslVerdict level2 = r.opensslLevel2();
        g.writeObjectFieldStart("opensslLevel2");
        g.writeNumberField("code", level2.code());
        g.writeStringField("text", level2.text());
        g.writeNumberField("depth", level2.depth());
        g.writeEndObject();
        if (r.limited() != null) {
            g.writeStringField("limited", r.limited());
        }
        if (!r.aia().isEmpty()) {
            g.writeArrayFieldStart("aia");
            for (AiaFetch f : r.aia()) {
                g.writeStartObject();
                g.writeStringField("url", f.url());
                g.writeStringField("outcome", f.outcome());
                if (f.detail() != null) {
                    g.writeStringField("detail", f.detail());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    /** One certificate: every field of {@link CertificateInfo} but the DER. */
    public static void writeCertificate(CertificateInfo c, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("subject", c.subject());
        g.writeStringField("issuer", c.issuer());
        g.writeStringField("serial", c.serialHex());
        g.writeStringField("sha256", c.sha256());
        g.writeStringField("spkiSha256", c.spkiSha256());
        g.writeStringField("notBefore", c.notBefore().toString());
        g.writeStringField("notAfter", c.notAfter().toString());
        g.writeNumberField("daysLeft", c.daysLeft());
        g.writeStringField("keyType", c.keyType());
        g.writeNumberField("keyBits", c.keyBits());
        g.writeStringField("curve", c.curve());
        g.writeStringField("signatureAlgorithm", c.signatureAlgorithm());
        strings("dnsNames", c.dnsNames(), g);
        strings("ipAddresses", c.ipAddresses(), g);
        g.writeBooleanField("selfIssued", c.selfIssued());
        g.writeBooleanField("ca", c.ca());
        strings("caIssuers", c.caIssuersUrls(), g);
        g.writeEndObject();
    }
}
