package dev.tlsweep.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** The {@code "policy"} and {@code "clients"} members of a report's JSON form (read back by {@link ReportReader}). */
final class PolicyJson {

    private PolicyJson() {
    }

    static void writePolicy(PolicyResults p, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("policy");
        g.writeArrayFieldStart("checks");
        for (PolicyResult r : p.checks()) {
            result(r, g);
        }
        g.writeEndArray();
        if (p.match() != null) {
            PolicyMatch m = p.match();
            g.writeObjectFieldStart("match");
            g.writeArrayFieldStart("exact");
            for (String e : m.exact()) {
                g.writeString(e);
            }
            g.writeEndArray();
            g.writeStringField("nearest", m.nearest());
            g.writeNumberField("distance", m.distance());
            g.writeFieldName("difference");
            result(m.difference(), g);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static void writeClients(List<ClientResult> clients, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("clients");
        for (ClientResult c : clients) {
            g.writeStartObject();
            g.writeStringField("client", c.client());
            g.writeStringField("name", c.name());
            g.writeBooleanField("connected", c.connected());
            g.writeStringField("version", c.version() == null ? null : c.version().label());
            g.writeStringField("suite", c.suite() == null ? null : c.suite().ianaName());
            g.writeStringField("keyExchange", c.keyExchange());
            g.writeStringField("reason", c.reason());
            if (c.note() != null) {
                g.writeStringField("note", c.note());
            }
            g.writeNumberField("hellos", c.hellos());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void result(PolicyResult r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("policy", r.policy());
        g.writeBooleanField("compliant", r.compliant());
        g.writeArrayFieldStart("deviations");
        for (Deviation d : r.deviations()) {
            g.writeStartObject();
            g.writeStringField("kind", d.kind().label());
            g.writeStringField("code", d.kind().code());
            g.writeBooleanField("failing", d.failing());
            g.writeArrayFieldStart("subjects");
            for (String s : d.subjects()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeStringField("message", d.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("notChecked");
        for (String n : r.notChecked()) {
            g.writeString(n);
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
