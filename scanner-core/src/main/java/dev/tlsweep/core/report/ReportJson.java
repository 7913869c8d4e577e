package dev.tlsweep.core.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.Flag;
import dev.tlsweep.core.report.ChainJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;

/**
 * The JSON form of an {@link EndpointReport}, schema {@value EndpointReport#SCHEMA}
 * (docs/schema/endpoint-report.schema.json). Written field by field so the form does not change
 * when the records do.
 */
public final class ReportJson {

    // COMBINE_UNICODE_SURROGATES_IN_UTF8: a character outside the BMP is written as its UTF-8 bytes, as a string
    // line encoded in UTF-8 has it, not as two escaped surrogates
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private ReportJson() {
    }

    /** The report as one line of JSON, without a line terminator. */
    public static String toLine(EndpointReport report) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(report, g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return out.toString();
    }

    /**
     * Writes the report as one line of JSON in UTF-8, without a line terminator, straight to {@code out} (no
     * string in between: a sweep writes thousands of lines a second): the bytes of {@link #toLine} in UTF-8,
     * except for a lone surrogate, which UTF-8 cannot encode: it is written escaped (backslash, u and four hex
     * digits; the same text when read back) where {@link String#getBytes} would put a {@code ?}. {@code line} is a
     * sweep's inventory line ({@code "line"}, after the schema; {@link ReportReader.Line#line()}), or negative for
     * none.
     */
    public static void writeLine(EndpointReport report, long line, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(report, line, g);
        }
    }

    /** Writes the report as one JSON object. */
    public static void write(EndpointReport r, JsonGenerator g) throws IOException {
        write(r, -1, g);
    }

    private static void write(EndpointReport r, long line, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("schema", EndpointReport.SCHEMA);
        if (line >= 0) {
            g.writeNumberField("line", line);
        }
        g.writeStringField("target", r.target());
        g.writeStringField("host", r.host());
        g.writeNumberField("port", r.port());
        g.writeStringField("ip", r.ip());
        g.writeStringField("sni", r.sni());
        g.writeStringField("transport", r.transport().label());
        g.writeStringField("starttls", r.starttls() == null ? null : r.starttls().label());
        g.writeStringField("status", r.status().label());
        g.writeStringField("error", r.error());
        g.writeArrayFieldStart("protocols");
        for (ProtocolReport p : r.protocols()) {
            g.writeStartObject();
            g.writeStringField("version", p.version().label());
            g.writeStringField("status", p.status().label());
            if (p.run().error() != null) {
                g.writeStringField("error", p.run().error());
            }
            if (p.unknown()) {
                g.writeNullField("accepted");
            } else {
                g.writeBooleanField("accepted", p.accepted());
            }
            if (p.serverPreference() == null) {
                g.writeNullField("serverPreference");
            } else {
                g.writeBooleanField("serverPreference", p.serverPreference());
            }
            if (p.note() != null) {
                g.writeStringField("note", p.note());
            }
            g.writeArrayFieldStart("suites");
            for (AcceptedSuite a : p.suites()) {
                writeSuite(a, g);
            }
            g.writeEndArray();
            g.writeNumberField("durationMillis", p.run().durationMillis());
            g.writeNumberField("hellos", p.run().hellos());
            if (p.groups() != null) {
                DepthJson.writeGroups(p.groups(), g);
            }
            if (p.signatureAlgorithms() != null) {
                DepthJson.writeSignatureAlgorithms(p.signatureAlgorithms(), g);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!r.checks().isEmpty()) {
            DepthJson.writeChecks(r.checks(), g);
        }
        ReachJson.write(r, g);
        g.writeArrayFieldStart("findings");
        for (Finding f : r.findings()) {
            writeFinding(f, g);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("served");
        for (ServedChain c : r.served().chains()) {
            g.writeStartObject();
            g.writeStringField("keyType", c.keyType());
            g.writeStringField("version", c.version().label());
            if (c.suite() < 0) {
                g.writeNullField("suite");
            } else {
                g.writeStringField("suite", CipherSuites.byCode(c.suite()).map(CipherSuite::ianaName)
                        .orElse(String.format("0x%04X", c.suite())));
            }
            g.writeBooleanField("ocspStapled", c.ocspStapled());
            g.writeArrayFieldStart("certificates");
            for (byte[] der : c.certificates()) {
                g.writeString(BASE64.encodeToString(der));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        if (r.served().note() != null) {
            g.writeStringField("servedNote", r.served().note());
        }
        if (r.served().status() != ProbeStatus.NOT_APPLICABLE) {
            g.writeStringField("servedStatus", r.served().status().label());
            if (r.served().error() != null) {
                g.writeStringField("servedError", r.served().error());
            }
        }
        g.writeArrayFieldStart("certificates");
        for (int i = 0; i < r.chains().size(); i++) {
            ServedChain c = r.served().chains().get(i);
            g.writeStartObject();
            g.writeStringField("keyType", c.keyType());
            g.writeBooleanField("ocspStapled", c.ocspStapled());
            ChainJson.writeFields(r.chains().get(i), g);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("startedAt", r.startedAt().toString());
        g.writeNumberField("durationMillis", r.durationMillis());
        g.writeNumberField("hellosSent", r.hellosSent());
        if (r.provenance() != null) {
            g.writeFieldName("scanner");
            writeProvenance(r.provenance(), g);
        }
        if (r.policy() != null) {
            PolicyJson.writePolicy(r.policy(), g);
        }
        if (!r.clients().isEmpty()) {
            PolicyJson.writeClients(r.clients(), g);
        }
        g.writeEndObject();
    }

    /**
     * What made a report, as one object: {@code {"name":"tlsweep","version","commit",("modified":true,)"options":{...},
     * "trustStore":{"source","anchors","sha256"}}} (the trust store only when chains were judged).
     */
    public static void writeProvenance(Provenance p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", "tlsweep");
        g.writeStringField("version", p.version());
        g.writeStringField("commit", p.commit());
        if (p.modified()) {
            g.writeBooleanField("modified", true);
        }
        g.writeObjectFieldStart("options");
        for (java.util.Map.Entry<String, String> e : p.options().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        if (p.trustStore() != null) {
            g.writeObjectFieldStart("trustStore");
            g.writeStringField("source", p.trustStore().source());
            g.writeNumberField("anchors", p.trustStore().anchors());
            g.writeStringField("sha256", p.trustStore().sha256());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** One finding: code, severity, message, and the fix and subjects when there are any. */
    public static void writeFinding(Finding f, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("code", f.code());
        g.writeStringField("severity", f.severity().label());
        g.writeStringField("message", f.message());
        if (f.fix() != null) {
            g.writeStringField("fix", f.fix());
        }
        if (!f.subjects().isEmpty()) {
            g.writeArrayFieldStart("subjects");
            for (String s : f.subjects()) {
                g.writeString(s);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeSuite(AcceptedSuite a, JsonGenerator g) throws IOException {
        CipherSuite s = a.suite();
        g.writeStartObject();
        g.writeStringField("name", s.ianaName());
        g.writeStringField("code", s.codeHex());
        g.writeStringField("openssl", s.opensslName());
        g.writeStringField("keyExchange", s.keyExchange().name());
        g.writeStringField("authentication", s.authentication().name());
        g.writeStringField("encryption", s.encryption());
        g.writeNumberField("bits", s.keyBits());
        g.writeStringField("mac", s.mac().name());
        g.writeArrayFieldStart("flags");
        for (Flag f : s.flags()) {
            g.writeString(f.name().toLowerCase(Locale.ROOT));
        }
        g.writeEndArray();
        if (a.keyExchange() != null) {
            g.writeObjectFieldStart("ephemeral");
            g.writeStringField("group", a.keyExchange().group());
            g.writeNumberField("bits", a.keyExchange().bits());
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
