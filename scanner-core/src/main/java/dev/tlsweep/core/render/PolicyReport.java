package dev.tlsweep.core.render;

import static dev.tlsweep.core.render.Ansi.DIM;
import static dev.tlsweep.core.render.Ansi.GREEN;
import static dev.tlsweep.core.render.Ansi.RED;
import static dev.tlsweep.core.render.Ansi.RESET;

import dev.tlsweep.core.report.ClientResult;
import dev.tlsweep.core.report.Deviation;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.PolicyMatch;
import dev.tlsweep.core.report.PolicyResult;
import dev.tlsweep.core.report.PolicyResults;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Renders an endpoint's policy results for a terminal: each policy check with its deviations, the
 * nearest load-balancer policy, and the simulated clients as a compact table.
 */
public final class PolicyReport {

    private final boolean color;

    /** A renderer with or without ANSI colours. */
    public PolicyReport(boolean color) {
        this.color = color;
    }

    /** Prints the report's policy results and simulated clients, if it has any. */
    public void render(EndpointReport report, PrintWriter out) {
        PolicyResults p = report.policy();
        if (p == null && report.clients().isEmpty()) {
            return;
        }
        if (p != null) {
            policies(p, out);
        }
        if (!report.clients().isEmpty()) {
            clients(report.clients(), out);
        }
        out.println();
    }

    private void policies(PolicyResults p, PrintWriter out) {
        for (PolicyResult r : p.checks()) {
            out.println("  Policy " + TerminalReport.t(r.policy()) + ": "
                    + (r.compliant() ? paint(GREEN, "compliant") : paint(RED, "NOT compliant")));
            deviations(r, out);
        }
        if (p.match() != null) {
            PolicyMatch m = p.match();
            out.println("  Load-balancer policies: " + (m.exact().isEmpty() ? "no exact match"
                    : "matches " + TerminalReport.t(String.join(", ", m.exact()))));
            if (m.exact().isEmpty()) {
                out.println("    nearest " + TerminalReport.t(m.nearest()) + " (distance " + m.distance() + ")");
                deviations(m.difference(), out);
            }
        }
    }

    private void deviations(PolicyResult r, PrintWriter out) {
        for (Deviation d : r.deviations()) {
            out.println("    " + (d.failing() ? paint(RED, "fail    ") : paint(DIM, "advisory")) + "  "
                    + d.kind().label() + ": " + TerminalReport.t(d.message()));
        }
        for (String n : r.notChecked()) {
            out.println("    " + paint(DIM, "not checked  " + TerminalReport.t(n)));
        }
    }

    private void clients(List<ClientResult> clients, PrintWriter out) {
        int nameWidth = Math.max(6, clients.stream().mapToInt(c -> c.name().length()).max().orElse(6));
        String format = "    %-" + nameWidth + "s  %-9s  %-7s  %-45s  %s";
        out.println("  Clients:");
        out.println(paint(DIM, String.format(Locale.ROOT, format, "client", "result", "version", "suite", "reason")));
        for (ClientResult c : clients) {
            String result = c.connected() ? "connects" : "fails";
            String line = String.format(Locale.ROOT, format, TerminalReport.t(c.name()), result,
                    c.version() == null ? "-" : c.version().label(),
                    c.suite() == null ? "-" : c.suite().ianaName(),
                    TerminalReport.t(c.connected()
                            ? (c.note() == null ? (c.keyExchange() == null ? "" : c.keyExchange()) : c.note())
                            : c.reason() + (c.note() == null ? "" : "; " + c.note())));
            out.println(c.connected() ? line : paint(RED, line));
        }
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
