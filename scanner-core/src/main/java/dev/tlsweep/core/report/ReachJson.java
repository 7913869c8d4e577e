package dev.tlsweep.core.report;

import static dev.tlsweep.core.report.JsonFields.array;
import static dev.tlsweep.core.report.JsonFields.bool;
import static dev.tlsweep.core.report.JsonFields.optText;
import static dev.tlsweep.core.report.JsonFields.strings;
import static dev.tlsweep.core.report.JsonFields.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsweep.core.report.ReportReader.ReportFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of how an endpoint is reached beyond TCP: the {@code quic} member ({@link QuicReport}) and the {@code
 * discovery} member ({@link Discovery}), written by {@link ReportJson} and read back by {@link ReportReader}; both are
 * absent when there is nothing to say.
 */
final class ReachJson {

    private ReachJson() {
    }

    static void write(EndpointReport r, JsonGenerator g) throws IOException {
        if (r.quic() != null) {
            writeQuic(r.quic(), g);
        }
        if (r.discovery() != null) {
            writeDiscovery(r.discovery(), g);
        }
    }

    private static void writeQuic(QuicReport q, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("quic");
        writeRun(q.run(), g);
        g.writeArrayFieldStart("versions");
        for (QuicReport.VersionSupport v : q.versions()) {
            g.writeStartObject();
            g.writeStringField("version", v.version());
            bool(g, "accepted", v.accepted());
            if (v.detail() != null) {
                g.writeStringField("detail", v.detail());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        strings("versionNegotiation", q.versionNegotiation(), g);
        bool(g, "retry", q.retry());
        strings("alpn", q.alpn(), g);
        strings("alpnRefused", q.alpnRefused(), g);
        g.writeObjectFieldStart("transportParameters");
        for (Map.Entry<String, Long> e : q.transportParameters().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        strings("transportFlags", q.transportFlags(), g);
        g.writeEndObject();
    }

    private static void writeRun(ProbeRun run, JsonGenerator g) throws IOException {
        g.writeStringField("status", run.status().label());
        if (run.error() != null) {
            g.writeStringField("error", run.error());
        }
        g.writeNumberField("hellos", run.hellos());
        g.writeNumberField("durationMillis", run.durationMillis());
    }

    private static void writeDiscovery(Discovery d, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("discovery");
        bool(g, "h3", d.h3());
        bool(g, "ech", d.ech());
        if (d.altSvc() != null) {
            Discovery.AltSvc a = d.altSvc();
            g.writeObjectFieldStart("altSvc");
            writeRun(a.run(), g);
            g.writeStringField("header", a.header());
            g.writeArrayFieldStart("alternatives");
            for (Discovery.Alternative alt : a.alternatives()) {
                g.writeStartObject();
                g.writeStringField("protocol", alt.protocol());
                g.writeStringField("host", alt.host());
                g.writeNumberField("port", alt.port());
                if (alt.maxAge() == null) {
                    g.writeNullField("maxAge");
                } else {
                    g.writeNumberField("maxAge", alt.maxAge());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (a.error() != null) {
                g.writeStringField("headerError", a.error());
            }
            g.writeEndObject();
        }
        if (d.https() != null) {
            Discovery.HttpsRecords h = d.https();
            g.writeObjectFieldStart("httpsRecord");
            g.writeStringField("status", h.status());
            if (h.error() != null) {
                g.writeStringField("error", h.error());
            }
            g.writeArrayFieldStart("records");
            for (Discovery.HttpsRecord rec : h.records()) {
                g.writeStartObject();
                g.writeNumberField("priority", rec.priority());
                g.writeStringField("target", rec.target());
                strings("alpn", rec.alpn(), g);
                g.writeBooleanField("noDefaultAlpn", rec.noDefaultAlpn());
                if (rec.port() == null) {
                    g.writeNullField("port");
                } else {
                    g.writeNumberField("port", rec.port());
                }
                if (rec.ech() == null) {
                    g.writeNullField("ech");
                } else {
                    writeEch(rec.ech(), g);
                }
                if (rec.error() != null) {
                    g.writeStringField("error", rec.error());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeEch(Discovery.Ech ech, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("ech");
        g.writeNumberField("bytes", ech.bytes());
        g.writeBooleanField("parses", ech.parses());
        if (ech.error() != null) {
            g.writeStringField("error", ech.error());
        }
        g.writeArrayFieldStart("configs");
        for (Discovery.EchConfig c : ech.configs()) {
            g.writeStartObject();
            g.writeNumberField("configId", c.configId());
            g.writeStringField("kem", c.kem());
            strings("cipherSuites", c.cipherSuites(), g);
            g.writeStringField("publicName", c.publicName());
            g.writeNumberField("maxNameLength", c.maxNameLength());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    // ---- reading ----

    static QuicReport readQuic(JsonNode n) throws ReportFormatException {
        JsonNode q = n.get("quic");
        if (q == null || q.isNull()) {
            return null;
        }
        object(q, "quic");
        List<QuicReport.VersionSupport> versions = new ArrayList<>();
        for (JsonNode v : array(q, "versions", "quic")) {
            versions.add(new QuicReport.VersionSupport(text(v, "version", "quic.versions"),
                    bool(v, "accepted"), optText(v, "detail")));
        }
        Map<String, Long> parameters = new LinkedHashMap<>();
        JsonNode tp = q.get("transportParameters");
        if (tp != null && tp.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = tp.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().canConvertToLong()) {
                    throw new ReportFormatException("quic.transportParameters." + ReportReader.clip(e.getKey())
                            + ": not an integer");
                }
                parameters.put(e.getKey(), e.getValue().asLong());
            }
        }
        return new QuicReport(run(q, "quic"), versions, strings(q, "versionNegotiation", "quic"),
                bool(q, "retry"), strings(q, "alpn", "quic"), strings(q, "alpnRefused", "quic"),
                parameters, strings(q, "transportFlags", "quic"));
    }

    static Discovery readDiscovery(JsonNode n) throws ReportFormatException {
        JsonNode d = n.get("discovery");
        if (d == null || d.isNull()) {
            return null;
        }
        object(d, "discovery");
        Discovery.AltSvc altSvc = null;
        JsonNode a = d.get("altSvc");
        if (a != null && !a.isNull()) {
            List<Discovery.Alternative> alternatives = new ArrayList<>();
            for (JsonNode alt : array(a, "alternatives", "discovery.altSvc")) {
                JsonNode ma = alt.get("maxAge");
                alternatives.add(new Discovery.Alternative(text(alt, "protocol", "discovery.altSvc.alternatives"),
                        optText(alt, "host") == null ? "" : optText(alt, "host"), alt.path("port").asInt(0),
                        ma == null || ma.isNull() ? null : ma.asLong()));
            }
            altSvc = new Discovery.AltSvc(run(a, "discovery.altSvc"), optText(a, "header"), alternatives,
                    optText(a, "headerError"));
        }
        Discovery.HttpsRecords https = null;
        JsonNode h = d.get("httpsRecord");
        if (h != null && !h.isNull()) {
            List<Discovery.HttpsRecord> records = new ArrayList<>();
            for (JsonNode rec : array(h, "records", "discovery.httpsRecord")) {
                JsonNode port = rec.get("port");
                records.add(new Discovery.HttpsRecord(rec.path("priority").asInt(0),
                        text(rec, "target", "discovery.httpsRecord.records"),
                        strings(rec, "alpn", "discovery.httpsRecord.records"), rec.path("noDefaultAlpn").asBoolean(),
                        port == null || port.isNull() ? null : port.asInt(), ech(rec.get("ech")),
                        optText(rec, "error")));
            }
            https = new Discovery.HttpsRecords(text(h, "status", "discovery.httpsRecord"), optText(h, "error"),
                    records);
        }
        return new Discovery(altSvc, https);
    }

    private static Discovery.Ech ech(JsonNode e) throws ReportFormatException {
        if (e == null || e.isNull()) {
            return null;
        }
        List<Discovery.EchConfig> configs = new ArrayList<>();
        for (JsonNode c : array(e, "configs", "ech")) {
            configs.add(new Discovery.EchConfig(c.path("configId").asInt(), optText(c, "kem"),
                    strings(c, "cipherSuites", "ech.configs"), optText(c, "publicName"),
                    c.path("maxNameLength").asInt()));
        }
        return new Discovery.Ech(e.path("bytes").asInt(), e.path("parses").asBoolean(), optText(e, "error"), configs);
    }

    private static ProbeRun run(JsonNode r, String where) throws ReportFormatException {
        String s = text(r, "status", where);
        ProbeStatus status = ProbeStatus.fromLabel(s).orElseThrow(() -> new ReportFormatException(
                where + ".status: '" + ReportReader.clip(s) + "'"));
        String error = status == ProbeStatus.COMPLETED ? null : optText(r, "error");
        return new ProbeRun(status, error, Math.max(0, r.path("durationMillis").asLong(0)),
                Math.max(0, r.path("hellos").asInt(0)));
    }

    private static void object(JsonNode n, String where) throws ReportFormatException {
        if (!n.isObject()) {
            throw new ReportFormatException(where + ": not an object");
        }
    }
}
