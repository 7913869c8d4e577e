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
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.OpenSslVerdict;
import dev.tlsweep.core.report.Severity;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
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
        out.println(indent + paint(BOLD, "Certificate chain") + "  " + verdict(r));
        OpenSslVerdict verify = r.openssl();
        OpenSslVerdict level2 = r.opensslLevel2();
        out.println(indent + "  " + paint(DIM, "OpenSSL verify: " + opensslText(verify)
                + (level2.equals(verify) ? "; the same from s_client at security level 2"
                        : "; s_client at security level 2 (Debian's default): " + opensslText(level2))));
        out.println(indent + "  served (" + r.served().size() + "):");
        for (int i = 0; i < r.served().size(); i++) {
            certificate(r.served().get(i), "#" + i, i == r.served().size() - 1, indent + "  ", out);
        }
        out.println(indent + "  path (" + r.path().size() + ", leaf first):");
        for (int i = 0; i < r.path().size(); i++) {
            CertificateInfo c = r.path().get(i);
            int served = r.served().indexOf(c);
            String tag = served >= 0 ? "#" + served : (i == r.path().size() - 1 && r.trusted() ? "anchor" : "added");
            certificate(c, tag, i == r.path().size() - 1, indent + "  ", out);
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

    /**
     * The headline: whether a client accepts the chain, and why not, in agreement with the OpenSSL line and
     * the findings: trust and completeness first, then the dates and the name, then the keys OpenSSL refuses
     * at security level 2.
     */
    String verdict(ChainReport r) {
        List<String> problems = new ArrayList<>();
        List<String> codes = r.findingCodes();
        if (codes.contains(FindingCode.CERT_EXPIRED.code())) {
            problems.add("expired");
        }
        if (codes.contains(FindingCode.CERT_NOT_YET_VALID.code())) {
            problems.add("not yet valid");
        }
        if (!r.hostnameValid()) {
            problems.add("name mismatch");
        }
        OpenSslVerdict level2 = r.opensslLevel2();
        if (level2.code() >= OpenSslVerdict.EE_KEY_TOO_SMALL && level2.code() <= OpenSslVerdict.CA_MD_TOO_WEAK) {
            problems.add(level2.code() == OpenSslVerdict.CA_MD_TOO_WEAK ? "weak signature" : "weak key");
        }
        String trust;
        if (!r.trusted()) {
            trust = codes.contains(FindingCode.CERT_SELF_SIGNED.code()) ? "self-signed, not trusted"
                    : codes.contains(FindingCode.CERT_ISSUER_UNKNOWN.code()) ? "issuer not in the trust store (--ca-file?)"
                    : codes.contains(FindingCode.CHAIN_INCOMPLETE.code()) ? "incomplete, not trusted" : "not trusted";
            problems.add(0, trust);
            return paint(RED, "NOT VALID: " + String.join(", ", problems));
        }
        trust = r.complete() ? "trusted, complete"
                : "trusted only with " + (r.aiaFixable() ? "AIA" : "the given intermediates");
        if (problems.isEmpty()) {
            return r.complete() ? paint(GREEN, "valid: " + trust) : paint(YELLOW, "incomplete: " + trust);
        }
        return paint(RED, "NOT VALID: " + String.join(", ", problems)) + paint(DIM, " (path " + trust + ")");
    }

    private static String opensslText(OpenSslVerdict v) {
        return v.code() + " (" + TerminalReport.t(v.text()) + ")" + (v.ok() ? "" : " at depth " + v.depth());
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
