package dev.tlsweep.core.render;

import static dev.tlsweep.core.render.Ansi.BOLD;
import static dev.tlsweep.core.render.Ansi.DIM;
import static dev.tlsweep.core.render.Ansi.GREEN;
import static dev.tlsweep.core.render.Ansi.RED;
import static dev.tlsweep.core.render.Ansi.RESET;
import static dev.tlsweep.core.render.Ansi.YELLOW;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tlsweep.core.policy.deploy.DeploymentVerdict.Reason;
import dev.tlsweep.core.policy.deploy.DeploymentVerdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints the {@code --target} verdicts of {@code tlsweep chain}: per platform "would be accepted" or
 * "would be rejected: <the platform's words> — <why> — fix: …", and their JSON form.
 */
public final class DeploymentRenderer {

    private final boolean color;

    /** A renderer with or without ANSI colours. */
    public DeploymentRenderer(boolean color) {
        this.color = color;
    }

    /** Prints each platform's verdict with its reasons. */
    public void render(List<DeploymentVerdict> verdicts, PrintWriter out) {
        out.println(paint(BOLD, "Deployment"));
        for (DeploymentVerdict v : verdicts) {
            String id = String.format(Locale.ROOT, "  %-5s", v.platform().id());
            if (v.accepted()) {
                String only = v.platform().via().isEmpty() || v.acceptedVia().size() == v.platform().via().size()
                        ? "" : " through " + upper(String.join(" or ", v.acceptedVia())) + " only";
                out.println(id + paint(GREEN, "would be accepted" + only) + paint(DIM, "  "
                        + TerminalReport.t(v.platform().name())));
                for (Reason r : v.reasons()) {
                    line(r, r.rejects() ? "not through " + upper(String.join(", ", r.paths())) + ": " : "", true, out);
                }
            } else {
                out.println(id + paint(RED, "would be rejected") + paint(DIM, "  "
                        + TerminalReport.t(v.platform().name())));
                for (Reason r : v.reasons()) {
                    line(r, "", false, out);
                }
            }
        }
    }

    private void line(Reason r, String prefix, boolean accepted, PrintWriter out) {
        String label = r.rejects() && !accepted ? paint(RED, "rejected") : r.rejects() ? paint(YELLOW, "warning ") : r.severity().label().equals("info")
                ? paint(DIM, "note    ") : paint(YELLOW, "warning ");
        String words = r.platformWords() == null ? "(the platform's words are not known)" : r.platformWords();
        out.println("        " + label + " " + r.code() + ": " + prefix + (r.rejects() ? TerminalReport.t(words) + " — " : "")
                + TerminalReport.t(r.message()) + (r.confidence() == null ? "" : paint(DIM, " [" + r.confidence().label()
                + "]")) + (r.fix() == null ? "" : " — fix: " + TerminalReport.t(r.fix())));
    }

    /** Writes the {@code "deployment"} member of {@code tlsweep chain --json}. */
    public static void writeJson(List<DeploymentVerdict> verdicts, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("deployment");
        for (DeploymentVerdict v : verdicts) {
            g.writeStartObject();
            g.writeStringField("platform", v.platform().id());
            g.writeStringField("name", v.platform().name());
            g.writeBooleanField("accepted", v.accepted());
            g.writeArrayFieldStart("acceptedVia");
            for (String p : v.acceptedVia()) {
                g.writeString(p);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("reasons");
            for (Reason r : v.reasons()) {
                g.writeStartObject();
                g.writeStringField("code", r.code());
                g.writeStringField("severity", r.severity().label());
                g.writeBooleanField("rejects", r.rejects());
                g.writeArrayFieldStart("paths");
                for (String p : r.paths()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                g.writeStringField("platformWords", r.platformWords());
                g.writeStringField("message", r.message());
                g.writeStringField("fix", r.fix());
                g.writeStringField("confidence", r.confidence() == null ? null : r.confidence().label());
                g.writeStringField("source", r.source());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
