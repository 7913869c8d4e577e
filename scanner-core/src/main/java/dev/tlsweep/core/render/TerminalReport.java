package dev.tlsweep.core.render;

import static dev.tlsweep.core.render.Ansi.BOLD;
import static dev.tlsweep.core.render.Ansi.DIM;
import static dev.tlsweep.core.render.Ansi.GREEN;
import static dev.tlsweep.core.render.Ansi.RED;
import static dev.tlsweep.core.render.Ansi.RESET;
import static dev.tlsweep.core.render.Ansi.YELLOW;

import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.Flag;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.KeyExchangeParams;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.core.report.Severity;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Renders an {@link EndpointReport} for a terminal, in the spirit of sslscan, with optional colour: the
 * versions with their suites in order, the certificate chains, the findings, then the policies and clients.
 * Every text of the report is printed through {@link Printable#of}: a certificate subject or an error that
 * holds escape sequences, newlines or bidi overrides prints them as inert escapes, never acts on the terminal.
 */
public final class TerminalReport {

    private final boolean color;
    private final ChainTerminalRenderer chains;
    private final PolicyReport policies;

    /** A renderer with or without ANSI colours. */
    public TerminalReport(boolean color) {
        this.color = color;
        this.chains = new ChainTerminalRenderer(color);
        this.policies = new PolicyReport(color);
    }

    /** Prints the whole report. */
    public void render(EndpointReport r, PrintWriter out) {
        String sni = (r.sni() == null ? "no SNI" : "SNI " + r.sni())
                + (r.starttls() == null ? "" : ", via " + r.starttls().label() + " STARTTLS");
        out.println(paint(BOLD, t(r.target())) + "  " + (r.ip() == null ? "" : t(r.ip()) + " port " + r.port() + ", ")
                + t(sni) + "  " + status(r.status()) + paint(DIM, String.format(Locale.ROOT, "  %.2f s, %d hellos",
                        r.durationMillis() / 1000.0, r.hellosSent())));
        if (r.error() != null) {
            out.println("  " + t(r.error()));
        }
        if (r.protocols().isEmpty()) {
            out.println();
            return;
        }
        for (ProtocolReport p : r.protocols()) {
            if (p.unknown()) {
                out.println(String.format(Locale.ROOT, "  %-8s %s", p.version().label(),
                        paint(YELLOW, "incomplete: not known whether accepted")));
                out.println("           " + paint(DIM, t(p.run().error())));
                continue;
            }
            if (!p.accepted()) {
                out.println(String.format(Locale.ROOT, "  %-8s %s", p.version().label(), paint(DIM, "not accepted")));
                continue;
            }
            String pref = p.serverPreference() == null ? ""
                    : p.serverPreference() ? "server order" : "client order (server has no preference)";
            out.println(String.format(Locale.ROOT, "  %-8s %s  %d suites  %s", p.version().label(),
                    versionPaint(p), p.suites().size(), pref).stripTrailing()
                    + (p.run().completed() ? "" : "  " + paint(YELLOW, "(incomplete)")));
            if (!p.run().completed()) {
                out.println("           " + paint(DIM, t(p.run().error())));
            }
            if (p.note() != null) {
                out.println("           " + paint(DIM, t(p.note())));
            }
            int i = 1;
            for (AcceptedSuite a : p.suites()) {
                CipherSuite s = a.suite();
                String rank = Boolean.TRUE.equals(p.serverPreference()) ? String.format(Locale.ROOT, "%2d", i) : " -";
                out.println(String.format(Locale.ROOT, "    %s  %s  %-29s %4d bits  %s", rank,
                        paint(suiteColour(s), String.format(Locale.ROOT, "%-48s", s.ianaName())),
                        s.opensslName() == null ? "" : s.opensslName(), s.keyBits(), kx(a.keyExchange())).stripTrailing());
                i++;
            }
        }
        for (int i = 0; i < r.chains().size(); i++) {
            ServedChain served = r.served().chains().get(i);
            out.println(String.format(Locale.ROOT, "  %s certificate, from %s%s", t(served.keyType()),
                    served.version().label(), served.ocspStapled() ? ", OCSP response stapled" : ""));
            chains.render(r.chains().get(i), List.of(), "  ", out);
        }
        if (r.chains().isEmpty() && r.served().note() != null) {
            out.println("  Certificates: " + paint(DIM, t(r.served().note())));
        }
        if (!r.findings().isEmpty()) {
            out.println("  Findings:");
            for (Finding f : r.findings()) {
                out.println(String.format(Locale.ROOT, "    %s %s  %s", paint(severityColour(f.severity()),
                        String.format(Locale.ROOT, "%-8s", f.severity().label())), t(f.code()), t(f.message())));
                if (f.fix() != null) {
                    out.println("             " + paint(DIM, "fix: " + t(f.fix())));
                }
            }
        }
        out.println();
        policies.render(r, out);
    }

    /** Text from the report (much of it from the server or the inventory), made printable. */
    static String t(String text) {
        return Printable.of(text);
    }

    private String status(ScanStatus s) {
        return paint(s == ScanStatus.OK ? GREEN : s == ScanStatus.INCOMPLETE ? YELLOW : RED, s.label());
    }

    private String versionPaint(ProtocolReport p) {
        return switch (p.version()) {
            case SSLv2, SSLv3 -> paint(RED, "accepted");
            case TLSv1_0, TLSv1_1 -> paint(YELLOW, "accepted");
            default -> paint(GREEN, "accepted");
        };
    }

    private static String kx(KeyExchangeParams k) {
        return k == null ? "" : t(k.group()) + (k.bits() > 0 ? " " + k.bits() : "");
    }

    /** Red for broken, yellow for weak, green for forward-secret AEAD, plain otherwise. */
    static String suiteColour(CipherSuite s) {
        if (s.has(Flag.NULL_CIPHER) || s.has(Flag.EXPORT) || s.has(Flag.ANONYMOUS)
                || s.has(Flag.RC4) || s.has(Flag.DES)) {
            return RED;
        }
        if (s.has(Flag.TRIPLE_DES) || s.has(Flag.BLOCK_64)
                || !s.has(Flag.FORWARD_SECRECY)) {
            return YELLOW;
        }
        return s.has(Flag.AEAD) ? GREEN : "";
    }

    private static String severityColour(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> RED;
            case MEDIUM -> YELLOW;
            default -> "";
        };
    }

    private String paint(String colour, String text) {
        return color && !colour.isEmpty() ? colour + text + RESET : text;
    }
}
