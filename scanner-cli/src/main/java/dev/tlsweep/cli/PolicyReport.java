package dev.tlsweep.cli;

import static dev.tlsweep.cli.Ansi.DIM;
import static dev.tlsweep.cli.Ansi.GREEN;
import static dev.tlsweep.cli.Ansi.RED;
import static dev.tlsweep.cli.Ansi.RESET;

import dev.tlsweep.core.policy.ClientResult;
import dev.tlsweep.core.policy.Deviation;
import dev.tlsweep.core.policy.PolicyMatch;
import dev.tlsweep.core.policy.PolicyResult;
import dev.tlsweep.core.policy.PolicyResults;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders an endpoint's policy results for a terminal: each policy check with its deviations, the
 * nearest load-balancer policy, and the simulated clients as a compact table.
 */
final class PolicyReport {

    private final boolean color;

    PolicyReport(boolean color) {
        this.color = color;
    }

    void render(PolicyResults p, PrintWriter out) {
        if (p == null) {
            return;
        }
        for (PolicyResult r : p.checks()) {
            out.println("  Policy " + r.policy() + ": "
                    + (r.compliant() ? paint(GREEN, "compliant") : paint(RED, "NOT compliant")));
            deviations(r, out);
        }
        if (p.match() != null) {
            PolicyMatch m = p.match();
            out.println("  Load-balancer policies: " + (m.exact().isEmpty() ? "no exact match"
                    : "matches " + String.join(", ", m.exact())));
            if (m.exact().isEmpty()) {
                out.println("    nearest " + m.nearest() + " (distance " + m.distance() + ")");
                deviations(m.difference(), out);
            }
        }
        if (!p.clients().isEmpty()) {
            clients(p, out);
        }
        out.println();
    }

    private void deviations(PolicyResult r, PrintWriter out) {
        for (Deviation d : r.deviations()) {
            out.println("    " + (d.failing() ? paint(RED, "fail    ") : paint(DIM, "advisory")) + "  "
                    + d.kind().label() + ": " + d.message());
        }
        for (String n : r.notChecked()) {
            out.println("    " + paint(DIM, "not checked  " + n));
        }
    }

    private void clients(PolicyResults p, PrintWriter out) {
        int nameWidth = Math.max(6, p.clients().stream().mapToInt(c -> c.name().length()).max().orElse(6));
        String format = "    %-" + nameWidth + "s  %-9s  %-7s  %-45s  %s";
        out.println("  Clients:");
        out.println(paint(DIM, String.format(Locale.ROOT, format, "client", "result", "version", "suite", "reason")));
        for (ClientResult c : p.clients()) {
            String result = c.connected() ? "connects" : "fails";
            String line = String.format(Locale.ROOT, format, c.name(), result,
                    c.version() == null ? "-" : c.version().label(),
                    c.suite() == null ? "-" : c.suite().ianaName(),
                    c.connected() ? (c.note() == null ? (c.keyExchange() == null ? "" : c.keyExchange()) : c.note())
                            : c.reason() + (c.note() == null ? "" : "; " + c.note()));
            out.println(c.connected() ? line : paint(RED, line));
        }
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
