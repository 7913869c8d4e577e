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
import dev.tlsweep.core.registry.NamedGroup;
import dev.tlsweep.core.registry.NamedGroups;
import dev.tlsweep.core.registry.SignatureSchemes;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.Checks;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.GroupsResult;
import dev.tlsweep.core.report.KeyExchangeParams;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.core.report.Severity;
import dev.tlsweep.core.report.SignatureAlgorithmsResult;
import dev.tlsweep.core.report.SupportedGroup;
import dev.tlsweep.core.report.SupportedSignatureAlgorithm;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an {@link EndpointReport} for a terminal, in the spirit of sslscan, with optional colour: the
 * versions with their suites in order, their groups and signature algorithms, the checks (fallback SCSV,
 * renegotiation, compression, Heartbleed, ...), the certificate chains, the findings, then the policies and clients.
 * Every text of the report is printed through {@link Printable#of}: a certificate subject or an error that
 * holds escape sequences, newlines or bidi overrides prints them as inert escapes, never acts on the terminal.
 */
public final class TerminalReport {

    private final boolean color;
    private final TerminalLayout layout;
    private final ChainTerminalRenderer chains;
    private final PolicyReport policies;

    /** A renderer with or without ANSI colours, that does not wrap lines. */
    public TerminalReport(boolean color) {
        this(color, TerminalLayout.UNLIMITED);
    }

    /**
     * A renderer with or without ANSI colours whose lines fit {@code width} columns ({@link TerminalLayout}):
     * tables drop their optional columns, long lines wrap with a hanging indent.
     */
    public TerminalReport(boolean color, int width) {
        this.color = color;
        this.layout = new TerminalLayout(width);
        this.chains = new ChainTerminalRenderer(color);
        this.policies = new PolicyReport(color);
    }

    /** Prints the whole report, fitted to the width. */
    public void render(EndpointReport r, PrintWriter out) {
        layout.print(out, lines -> renderLines(r, lines));
    }

    private void renderLines(EndpointReport r, PrintWriter out) {
        String sni = (r.sni() == null ? "no SNI" : "SNI " + r.sni())
                + (r.starttls() == null ? "" : ", via " + r.starttls().label() + " STARTTLS")
                + (r.transport() == dev.tlsweep.core.reach.Transport.QUIC ? ", over QUIC (UDP)" : "");
        out.println(paint(BOLD, t(r.target())) + "  " + (r.ip() == null || r.target().contains(r.ip()) ? "" : t(r.ip()) + " port " + r.port() + ", ")
                + t(sni) + "  " + status(r.status()) + paint(DIM, String.format(Locale.ROOT, "  %.2f s, %d hellos",
                        r.durationMillis() / 1000.0, r.hellosSent())));
        if (r.error() != null) {
            out.println("  " + t(r.error()));
        }
        if (r.protocols().isEmpty()) {
            quic(r, out);
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
            suites(p, out);
            depth(p, out);
        }
        checks(r, out);
        quic(r, out);
        discovery(r, out);
        for (int i = 0; i < r.chains().size(); i++) {
            ServedChain served = r.served().chains().get(i);
            out.println(String.format(Locale.ROOT, "  %s certificate, from %s%s", t(served.keyType()),
                    served.version().label(), served.ocspStapled() ? ", OCSP response stapled" : ""));
            chains.render(r.chains().get(i), List.of(), "  ", out);
        }
        if (r.chains().isEmpty() && r.served().note() != null) {
            out.println("  Certificates: " + paint(DIM, t(r.served().note())));
        }
        if (r.served().incomplete()) {
            out.println("  Certificates: " + paint(YELLOW, "incomplete: " + t(r.served().error())));
        }
        List<Finding> findings = r.findings().stream().filter(f -> !shownWithPolicies(r, f)).toList();
        if (!findings.isEmpty()) {
            out.println("  Findings:");
            for (Finding f : findings) {
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

    /**
     * The suites of a version as a table: rank, IANA name, OpenSSL name (when it differs, and only when the
     * row still fits the width), bits, key exchange. Columns are as wide as their longest entry.
     */
    private void suites(ProtocolReport p, PrintWriter out) {
        int iana = 0;
        int openssl = 0;
        int kx = 0;
        for (AcceptedSuite a : p.suites()) {
            iana = Math.max(iana, a.suite().ianaName().length());
            openssl = Math.max(openssl, opensslName(a.suite()).length());
            kx = Math.max(kx, kx(a.keyExchange()).length());
        }
        // "    NN  " + IANA + "  " + OpenSSL + "  " + "NNN bits" + "  " + key exchange
        int withOpenssl = 8 + iana + 2 + openssl + 2 + 8 + 2 + kx;
        boolean showOpenssl = openssl > 0 && withOpenssl <= layout.width();
        int i = 1;
        for (AcceptedSuite a : p.suites()) {
            CipherSuite s = a.suite();
            String rank = Boolean.TRUE.equals(p.serverPreference()) ? String.format(Locale.ROOT, "%2d", i) : " -";
            StringBuilder row = new StringBuilder("    ").append(rank).append("  ")
                    .append(paint(suiteColour(s), pad(s.ianaName(), iana))).append("  ");
            if (showOpenssl) {
                row.append(pad(opensslName(s), openssl)).append("  ");
            }
            row.append(String.format(Locale.ROOT, "%3d bits", s.keyBits())).append("  ").append(kx(a.keyExchange()));
            out.println(row.toString().stripTrailing());
            i++;
        }
    }

    /** The OpenSSL name when it says something the IANA name does not. */
    private static String opensslName(CipherSuite s) {
        return s.opensslName() == null || s.opensslName().equals(s.ianaName()) ? "" : s.opensslName();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /**
     * A policy deviation's finding, which the policy section prints (as fail or advisory) under its policy:
     * the terminal says it once.
     */
    private static boolean shownWithPolicies(EndpointReport r, Finding f) {
        if (r.policy() == null) {
            return false;
        }
        for (dev.tlsweep.core.report.Deviation.Kind k : dev.tlsweep.core.report.Deviation.Kind.values()) {
            if (k.code().equals(f.code())) {
                return true;
            }
        }
        return false;
    }

    /** The groups and signature algorithms of a version, under its suites. */
    private void depth(ProtocolReport p, PrintWriter out) {
        GroupsResult g = p.groups();
        if (g != null && g.run().status() != ProbeStatus.NOT_APPLICABLE) {
            String order = "server".equals(g.preference()) ? " (server order)" : "client".equals(g.preference())
                    ? " (client order)" : "";
            List<String> names = new ArrayList<>();
            for (SupportedGroup x : g.accepted()) {
                names.add(paint(groupColour(x), t(x.name()) + (x.code() < 0 ? " " + x.bits() : "")));
            }
            out.println("    groups" + order + ": " + (names.isEmpty() ? paint(DIM, "none found") : String.join(", ", names))
                    + incomplete(g.run()));
        }
        SignatureAlgorithmsResult a = p.signatureAlgorithms();
        if (a != null && a.run().status() != ProbeStatus.NOT_APPLICABLE) {
            List<String> names = new ArrayList<>();
            for (SupportedSignatureAlgorithm x : a.accepted()) {
                boolean weak = SignatureSchemes.byCode(x.code()).map(s -> s.weakHash()).orElse(false);
                names.add(paint(weak ? RED : "", t(x.name())));
            }
            out.println("    signature algorithms: " + (names.isEmpty() ? paint(DIM, "none found")
                    : String.join(", ", names)) + incomplete(a.run()));
        }
    }

    private String incomplete(ProbeRun run) {
        return run.completed() ? "" : "  " + paint(YELLOW, "(" + run.status().label() + ": " + t(run.error()) + ")");
    }

    private static String groupColour(SupportedGroup g) {
        if (g.name().startsWith("dh") || g.name().startsWith("rfc")) {
            return g.bits() < 2048 ? RED : "";
        }
        return NamedGroups.byCode(g.code()).map(n -> n.kind() == NamedGroup.Kind.EC && n.bits() < 256 ? RED
                : n.isPostQuantum() ? GREEN : "").orElse("");
    }

    /** The checks, one line each: what sslscan and testssl.sh print in their sections. */
    private void checks(EndpointReport r, PrintWriter out) {
        if (r.checks().isEmpty()) {
            return;
        }
        out.println("  Checks:");
        for (Map.Entry<Check, CheckResult> e : r.checks().results().entrySet()) {
            CheckResult c = e.getValue();
            String text;
            if (c.run().status() == ProbeStatus.NOT_APPLICABLE) {
                text = paint(DIM, "not applicable (" + t(c.run().error()) + ")");
            } else if (!c.run().completed()) {
                text = paint(YELLOW, c.run().status().label() + ": " + t(c.run().error()));
            } else {
                text = value(e.getKey(), c);
            }
            out.println(String.format(Locale.ROOT, "    %-44s %s", e.getKey().title(), text));
        }
    }

    /** The QUIC side of a QUIC endpoint: versions, Retry, ALPN, transport parameters. */
    private void quic(EndpointReport r, PrintWriter out) {
        dev.tlsweep.core.report.QuicReport q = r.quic();
        if (q == null) {
            return;
        }
        out.println("  QUIC:" + (q.run().completed() ? "" : "  " + paint(YELLOW, "incomplete: " + t(q.run().error()))));
        List<String> versions = new java.util.ArrayList<>();
        for (dev.tlsweep.core.report.QuicReport.VersionSupport v : q.versions()) {
            versions.add(v.accepted() == null ? v.version() + " unknown (" + v.detail() + ")"
                    : v.accepted() ? v.version() + " accepted" : v.version() + " not accepted (" + v.detail() + ")");
        }
        row(out, "Versions", t(String.join(", ", versions)));
        boolean handshake = q.versions().stream().anyMatch(v -> Boolean.TRUE.equals(v.accepted()));
        row(out, "Retry (address validation)", q.retry() == null ? paint(DIM, "not known (no QUIC handshake answered)")
                : q.retry() ? "demanded" : "not demanded");
        row(out, "ALPN", !handshake ? paint(DIM, "not asked (no QUIC version accepted)")
                : q.alpn().isEmpty() ? paint(DIM, "none of the candidates") : t(String.join(", ", q.alpn()))
                + (q.alpnRefused().isEmpty() ? "" : paint(DIM, "  (refused: " + t(String.join(", ", q.alpnRefused()))
                        + ")")));
        if (!q.transportParameters().isEmpty()) {
            List<String> tp = new java.util.ArrayList<>();
            q.transportParameters().forEach((k, v) -> tp.add(k + " " + v));
            tp.addAll(q.transportFlags());
            row(out, "Transport parameters", paint(DIM, t(String.join(", ", tp))));
        }
    }

    /** What an HTTPS endpoint announces of HTTP/3 and ECH. */
    private void discovery(EndpointReport r, PrintWriter out) {
        dev.tlsweep.core.report.Discovery d = r.discovery();
        if (d == null) {
            return;
        }
        out.println("  HTTP/3 and ECH:");
        dev.tlsweep.core.report.Discovery.AltSvc a = d.altSvc();
        if (a != null) {
            String text = !a.run().completed() ? paint(YELLOW, "unknown: " + t(a.run().error()))
                    : a.header() == null ? "none" : t(a.header()) + (a.error() == null ? ""
                            : "  " + paint(YELLOW, "(does not parse: " + t(a.error()) + ")"));
            row(out, "Alt-Svc", text);
        }
        dev.tlsweep.core.report.Discovery.HttpsRecords h = d.https();
        if (h != null) {
            if (h.records().isEmpty()) {
                row(out, "DNS HTTPS record", h.error() == null ? h.status() : paint(YELLOW, h.status() + ": "
                        + t(h.error())));
            }
            for (dev.tlsweep.core.report.Discovery.HttpsRecord rec : h.records()) {
                StringBuilder b = new StringBuilder("priority " + rec.priority() + " " + t(rec.target()));
                if (!rec.alpn().isEmpty()) {
                    b.append(", alpn ").append(t(String.join(",", rec.alpn())));
                }
                if (rec.port() != null) {
                    b.append(", port ").append(rec.port());
                }
                if (rec.ech() != null) {
                    b.append(", ECH ");
                    if (rec.ech().parses()) {
                        b.append(paint(GREEN, "parses")).append(" (");
                        b.append(t(rec.ech().configs().stream().map(c -> "public name " + c.publicName() + ", "
                                + c.kem()).collect(java.util.stream.Collectors.joining("; ")))).append(')');
                    } else {
                        b.append(paint(RED, "does not parse")).append(" (").append(t(rec.ech().error())).append(')');
                    }
                }
                if (rec.error() != null) {
                    b.append("  ").append(paint(YELLOW, "(" + t(rec.error()) + ")"));
                }
                row(out, "DNS HTTPS record", b.toString());
            }
        }
    }

    private static void row(PrintWriter out, String title, String text) {
        out.println(String.format(Locale.ROOT, "    %-44s %s", title, text));
    }

    private String value(Check check, CheckResult c) {
        if (c instanceof CheckResult.Flag f) {
            boolean yes = Boolean.TRUE.equals(f.value());
            String detail = f.detail() == null ? "" : " (" + f.detail() + ")";
            return switch (Checks.flagName(check)) {
                case "vulnerable" -> yes ? paint(RED, "VULNERABLE") : paint(GREEN, "not vulnerable");
                case "intolerant" -> yes ? paint(YELLOW, "intolerant" + detail) : paint(GREEN, "tolerant");
                default -> {
                    boolean good = check == Check.COMPRESSION ? !yes : yes;
                    String word = check == Check.COMPRESSION ? (yes ? "enabled" + detail : "disabled")
                            : yes ? "supported" : "not supported";
                    yield paint(good ? GREEN : check == Check.COMPRESSION ? RED : YELLOW, word);
                }
            };
        }
        if (c instanceof CheckResult.Renegotiation x) {
            if (!Boolean.TRUE.equals(x.allowed())) {
                return paint(GREEN, "refused");
            }
            return Boolean.TRUE.equals(x.secure()) ? paint(YELLOW, "allowed") : paint(RED, "allowed, insecure");
        }
        if (c instanceof CheckResult.Robot x) {
            return Boolean.TRUE.equals(x.vulnerable()) ? paint(RED, "VULNERABLE (" + x.oracle() + " oracle)")
                    : paint(GREEN, "not vulnerable");
        }
        if (c instanceof CheckResult.Resumption x) {
            return (x.ids() == null ? "" : "IDs " + yesNo(x.ids()) + ", ") + "tickets " + yesNo(x.tickets());
        }
        if (c instanceof CheckResult.EarlyData x) {
            return Boolean.TRUE.equals(x.supported()) ? paint(YELLOW, "accepted (" + x.maxEarlyDataSize() + " bytes)")
                    : "not accepted";
        }
        if (c instanceof CheckResult.Alpn x) {
            return x.protocols().isEmpty() ? paint(DIM, "none") : t(String.join(", ", x.protocols()));
        }
        if (c instanceof CheckResult.Hsts x) {
            if (x.header() == null) {
                return paint(YELLOW, "not sent");
            }
            return paint(Boolean.TRUE.equals(x.supported()) ? GREEN : YELLOW, "max-age=" + x.maxAge()
                    + (x.includeSubDomains() ? ", includeSubDomains" : "") + (x.preload() ? ", preload" : ""));
        }
        if (c instanceof CheckResult.Text x) {
            return x.value() == null ? paint(DIM, "none") : t(x.value());
        }
        if (c instanceof CheckResult.SuiteSelection x) {
            boolean bad = Boolean.TRUE.equals(x.unoffered()) || Boolean.TRUE.equals(x.wrongVersion());
            return bad ? paint(RED, (Boolean.TRUE.equals(x.unoffered()) ? "picks unoffered suites " : "")
                    + (Boolean.TRUE.equals(x.wrongVersion()) ? "picks TLS 1.2 suites at older versions" : "").trim())
                    : paint(GREEN, "correct");
        }
        return "";
    }

    private static String yesNo(Boolean b) {
        return b == null ? "unknown" : b ? "yes" : "no";
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
