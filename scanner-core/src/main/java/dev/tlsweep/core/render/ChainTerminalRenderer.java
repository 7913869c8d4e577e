package dev.tlsweep.core.render;

import static dev.tlsweep.core.render.Ansi.BOLD;
import static dev.tlsweep.core.render.Ansi.DIM;
import static dev.tlsweep.core.render.Ansi.GREEN;
import static dev.tlsweep.core.render.Ansi.RED;
import static dev.tlsweep.core.render.Ansi.RESET;
import static dev.tlsweep.core.render.Ansi.YELLOW;

import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.Severity;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link ChainReport} as a tree: the certificates as served, then the path as built (leaf
 * to anchor), each with subject, issuer, expiry (date and days left) and key, then the findings.
 * Used by {@code tlsweep chain} and reusable for a scanned endpoint's chain. Subjects, issuers and messages
 * are printed through {@link Printable#of}.
 */
public final class ChainTerminalRenderer {

    private final boolean color;

    /** A renderer with or without ANSI colours. */
    public ChainTerminalRenderer(boolean color) {
        this.color = color;
    }

    /** Prints the chain, indented by {@code indent}, and the given findings under it. */
    public void render(ChainReport r, List<Finding> findings, String indent, PrintWriter out) {
        String verdict = r.trusted() ? (r.complete() ? paint(GREEN, "trusted, complete")
                : paint(YELLOW, "trusted only with " + (r.aiaFixable() ? "AIA" : "the given intermediates")))
                : paint(RED, "not trusted");
        out.println(indent + paint(BOLD, "Certificate chain") + "  " + verdict + paint(DIM, "  OpenSSL: "
                + r.openssl().code() + " (" + TerminalReport.t(r.openssl().text()) + ")"));
        out.println(indent + "  served (" + r.served().size() + "):");
        for (int i = 0; i < r.served().size(); i++) {
            certificate(r.served().get(i), "#" + i, i == r.served().size() - 1, indent + "  ", out);
        }
        out.println(indent + "  path (" + r.path().size() + "):");
        for (int i = 0; i < r.path().size(); i++) {
            CertificateInfo c = r.path().get(i);
            int served = r.served().indexOf(c);
            String tag = served >= 0 ? "#" + served : (i == r.path().size() - 1 && r.trusted() ? "anchor" : "added");
            certificate(c, tag, i == r.path().size() - 1, indent + "  " + "  ".repeat(i), out);
        }
        if (!findings.isEmpty()) {
            out.println(indent + "  Findings:");
            for (Finding f : findings) {
                out.println(String.format(Locale.ROOT, "%s    %s %s  %s", indent, paint(colour(f.severity()),
                        String.format(Locale.ROOT, "%-8s", f.severity().label())), TerminalReport.t(f.code()),
                        TerminalReport.t(f.message())));
                if (f.fix() != null) {
                    out.println(indent + "             " + paint(DIM, "fix: " + TerminalReport.t(f.fix())));
                }
            }
        }
    }

    private void certificate(CertificateInfo c, String tag, boolean last, String indent, PrintWriter out) {
        String branch = last ? "└─ " : "├─ ";
        String cont = last ? "   " : "│  ";
        LocalDate end = c.notAfter().atZone(ZoneOffset.UTC).toLocalDate();
        String days = c.daysLeft() < 0 ? paint(RED, "expired " + (-c.daysLeft()) + " days ago")
                : paint(c.daysLeft() <= 30 ? YELLOW : GREEN, c.daysLeft() + " days left");
        out.println(indent + branch + String.format(Locale.ROOT, "%-7s", tag) + paint(BOLD,
                TerminalReport.t(c.subject())));
        out.println(indent + cont + "        issuer " + TerminalReport.t(c.issuer()));
        out.println(indent + cont + "        expires " + end + " (" + days + ")  key "
                + TerminalReport.t(c.keyDescription()) + "  " + TerminalReport.t(c.signatureAlgorithm()));
    }

    private String colour(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> RED;
            case MEDIUM -> YELLOW;
            default -> DIM;
        };
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
