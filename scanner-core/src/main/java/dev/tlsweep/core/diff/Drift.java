package dev.tlsweep.core.diff;

import dev.tlsweep.core.diff.Change.Aspect;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.Flag;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.PolicyResult;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.Severity;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The drift between two sweeps, endpoint by endpoint: a pure function of two sets of reports.
 *
 * <p>Endpoints are matched by {@link EndpointKey} (target, SNI, transport); when a sweep has several reports of
 * one key (every address of a name, or a target listed twice), they are paired by address first, then in order.
 * For each pair: the status, the versions (only versions known on both sides are compared: an {@code incomplete}
 * version is never "no longer accepted"), the suites of versions accepted on both sides and their order, the
 * key-exchange groups chosen, each key type's certificate (rotated: old and new serial and expiry), the chain
 * verdicts, the findings (matched by code and subjects, so a message that counts days does not make a finding
 * new) and the policy checks. When the endpoint could not be scanned in one sweep, only its status (and
 * address) is compared.
 *
 * <p><b>Worse</b> is: a new finding of severity medium or more (or one raised to medium or more), a version
 * below TLS 1.2 newly accepted, a weak suite newly accepted (NULL, export, anonymous, RC4, DES, 3DES or another
 * 64-bit block cipher, or no forward secrecy), and a certificate that became invalid (no longer trusted, no
 * longer valid for the name, expired). An endpoint that appeared is worse when it has a finding of severity
 * medium or more: every finding of it is new. An endpoint that became unreachable or disappeared is a change,
 * not worse.
 */
public final class Drift {

    /** The severity from which a new finding makes an endpoint worse. */
    public static final Severity WORSE_FROM = Severity.MEDIUM;

    private final List<EndpointDrift> endpoints;
    private final List<String> notes;
    private final int before;
    private final int after;

    private Drift(List<EndpointDrift> endpoints, List<String> notes, int before, int after) {
        this.endpoints = List.copyOf(endpoints);
        this.notes = List.copyOf(notes);
        this.before = before;
        this.after = after;
    }

    /** The drift from {@code before} (the old sweep) to {@code after} (the new one). */
    public static Drift between(Collection<EndpointReport> before, Collection<EndpointReport> after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Map<EndpointKey, List<EndpointReport>> old = group(before);
        Map<EndpointKey, List<EndpointReport>> now = group(after);
        List<EndpointDrift> out = new ArrayList<>();
        for (Map.Entry<EndpointKey, List<EndpointReport>> e : now.entrySet()) {
            List<EndpointReport> olds = old.getOrDefault(e.getKey(), new ArrayList<>());
            for (EndpointReport n : e.getValue()) {
                EndpointReport o = take(olds, n.ip());
                out.add(o == null ? appeared(e.getKey(), n) : compare(e.getKey(), o, n));
            }
        }
        for (Map.Entry<EndpointKey, List<EndpointReport>> e : old.entrySet()) {
            for (EndpointReport o : e.getValue()) {
                out.add(new EndpointDrift(e.getKey(), o, null,
                        List.of(Change.disappeared(Aspect.ENDPOINT, "endpoint", describeStatus(o)))));
            }
        }
        return new Drift(out, notes(before, after), before.size(), after.size());
    }

    /** Every endpoint of either sweep with what happened to it, new sweep's order first, then the disappeared. */
    public List<EndpointDrift> endpoints() {
        return endpoints;
    }

    /** The endpoints that appeared, disappeared or changed. */
    public List<EndpointDrift> differences() {
        return endpoints.stream().filter(d -> d.state() != EndpointDrift.State.UNCHANGED).toList();
    }

    /** Whether something got worse somewhere. */
    public boolean worse() {
        return endpoints.stream().anyMatch(EndpointDrift::worse);
    }

    /** Whether nothing at all differs. */
    public boolean noChange() {
        return differences().isEmpty();
    }

    /** How many endpoints are in each state. */
    public Map<EndpointDrift.State, Long> counts() {
        Map<EndpointDrift.State, Long> m = new EnumMap<>(EndpointDrift.State.class);
        for (EndpointDrift.State s : EndpointDrift.State.values()) {
            m.put(s, 0L);
        }
        endpoints.forEach(d -> m.merge(d.state(), 1L, Long::sum));
        return m;
    }

    /** Endpoints that got worse. */
    public long worseCount() {
        return endpoints.stream().filter(EndpointDrift::worse).count();
    }

    /** Reports in the old sweep. */
    public int beforeCount() {
        return before;
    }

    /** Reports in the new sweep. */
    public int afterCount() {
        return after;
    }

    /**
     * What makes the two sweeps hard to compare, e.g. different options or trust stores (a change of timeout or
     * trust store can change results without any change on the endpoints); empty when nothing.
     */
    public List<String> notes() {
        return notes;
    }

    // ---- matching ----

    private static Map<EndpointKey, List<EndpointReport>> group(Collection<EndpointReport> reports) {
        Map<EndpointKey, List<EndpointReport>> m = new LinkedHashMap<>();
        for (EndpointReport r : reports) {
            m.computeIfAbsent(EndpointKey.of(r), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /** Removes and returns the report at {@code ip}, else the first one, else {@code null}. */
    private static EndpointReport take(List<EndpointReport> olds, String ip) {
        for (Iterator<EndpointReport> it = olds.iterator(); it.hasNext(); ) {
            EndpointReport o = it.next();
            if (Objects.equals(o.ip(), ip)) {
                it.remove();
                return o;
            }
        }
        return olds.isEmpty() ? null : olds.remove(0);
    }

    private static EndpointDrift appeared(EndpointKey key, EndpointReport n) {
        List<Change> changes = new ArrayList<>();
        changes.add(Change.appeared(Aspect.ENDPOINT, "endpoint", describeStatus(n)));
        for (Finding f : n.findings()) {
            if (f.severity().compareTo(WORSE_FROM) >= 0) {
                changes.add(Change.appeared(Aspect.FINDING, f.code(), findingText(f))
                        .worse("a new endpoint with a finding of severity " + f.severity().label()));
            }
        }
        return new EndpointDrift(key, null, n, changes);
    }

    // ---- comparing one endpoint ----

    private static EndpointDrift compare(EndpointKey key, EndpointReport o, EndpointReport n) {
        List<Change> c = new ArrayList<>();
        if (!Objects.equals(o.ip(), n.ip())) {
            c.add(Change.changed(Aspect.ENDPOINT, "address", String.valueOf(o.ip()), String.valueOf(n.ip())));
        }
        if (o.status() != n.status()) {
            Change s = Change.changed(Aspect.STATUS, "status", describeStatus(o), describeStatus(n));
            c.add(s);
        }
        if (probed(o) && probed(n)) {
            versions(o, n, c);
            quicVersions(o, n, c);
            suites(o, n, c);
            groups(o, n, c);
            certificates(o, n, c);
            findings(o, n, c);
            policies(o, n, c);
        } else if (!probed(o) && probed(n)) {
            // Nothing to compare against: what it has now is new, as for an endpoint that appeared.
            for (Finding f : n.findings()) {
                if (f.severity().compareTo(WORSE_FROM) >= 0) {
                    c.add(Change.appeared(Aspect.FINDING, f.code(), findingText(f))
                            .worse("a new finding of severity " + f.severity().label()));
                }
            }
        }
        return new EndpointDrift(key, o, n, c);
    }

    /** Whether the scan got as far as the probes (ok or incomplete). */
    private static boolean probed(EndpointReport r) {
        return r.status() == ScanStatus.OK || r.status() == ScanStatus.INCOMPLETE;
    }

    private static void versions(EndpointReport o, EndpointReport n, List<Change> c) {
        Map<ProtocolVersion, ProtocolReport> ov = byVersion(o);
        Map<ProtocolVersion, ProtocolReport> nv = byVersion(n);
        for (ProtocolVersion v : ProtocolVersion.values()) {
            ProtocolReport a = ov.get(v);
            ProtocolReport b = nv.get(v);
            if (a == null || b == null) {
                continue; // not probed in one of the sweeps (--protocols): nothing known to compare
            }
            String was = versionState(a);
            String is = versionState(b);
            if (was.equals(is)) {
                continue;
            }
            if (b.accepted() && !a.accepted()) {
                Change ch = Change.appeared(Aspect.VERSION, v.label(), "accepted" + (a.unknown() ? " (was unknown)" : ""));
                c.add(v.compareTo(ProtocolVersion.TLSv1_2) < 0 ? ch.worse("a weaker version accepted: "
                        + v.label() + " is deprecated") : ch);
            } else if (a.accepted() && b.refused()) {
                c.add(Change.disappeared(Aspect.VERSION, v.label(), "no longer accepted"));
            } else {
                c.add(Change.changed(Aspect.VERSION, v.label(), was, is));
            }
        }
    }

    /**
     * The QUIC versions of a QUIC endpoint ({@code QUIC v1}, {@code QUIC v2}) and its HTTP/3 ALPN, as versions: taken,
     * no longer taken. A version whose answer is unknown in either sweep says nothing.
     */
    private static void quicVersions(EndpointReport o, EndpointReport n, List<Change> c) {
        if (o.quic() == null || n.quic() == null) {
            return;
        }
        Map<String, Boolean> was = new java.util.LinkedHashMap<>();
        o.quic().versions().forEach(v -> was.put(v.version(), v.accepted()));
        for (dev.tlsweep.core.report.QuicReport.VersionSupport v : n.quic().versions()) {
            Boolean before = was.get(v.version());
            if (before == null || v.accepted() == null || before.equals(v.accepted())) {
                continue;
            }
            c.add(v.accepted() ? Change.appeared(Aspect.VERSION, "QUIC " + v.version(), "accepted")
                    : Change.disappeared(Aspect.VERSION, "QUIC " + v.version(), "no longer accepted"));
        }
        boolean h3Before = o.quic().alpn().contains("h3");
        boolean h3After = n.quic().alpn().contains("h3");
        if (o.quic().run().completed() && n.quic().run().completed() && h3Before != h3After) {
            c.add(h3After ? Change.appeared(Aspect.VERSION, "QUIC ALPN h3", "accepted")
                    : Change.disappeared(Aspect.VERSION, "QUIC ALPN h3", "no longer accepted")
                            .worse("HTTP/3 clients no longer get a QUIC handshake"));
        }
    }

    private static String versionState(ProtocolReport p) {
        return p.accepted() ? "accepted" : p.refused() ? "not accepted" : "unknown (incomplete)";
    }

    private static void suites(EndpointReport o, EndpointReport n, List<Change> c) {
        Map<ProtocolVersion, ProtocolReport> ov = byVersion(o);
        for (ProtocolReport b : n.protocols()) {
            ProtocolReport a = ov.get(b.version());
            if (a == null || !b.accepted()) {
                continue;
            }
            List<String> was = names(a);
            List<String> is = names(b);
            if (a.accepted()) {
                for (AcceptedSuite s : b.suites()) {
                    if (!was.contains(s.suite().ianaName())) {
                        c.add(suiteAppeared(b.version(), s.suite()));
                    }
                }
                for (AcceptedSuite s : a.suites()) {
                    if (!is.contains(s.suite().ianaName()) && b.run().completed()) {
                        c.add(Change.disappeared(Aspect.SUITE, b.version().label() + " " + s.suite().ianaName(),
                                "no longer accepted"));
                    }
                }
                if (!Objects.equals(a.serverPreference(), b.serverPreference())) {
                    c.add(Change.changed(Aspect.ORDER, b.version().label(), order(a), order(b)));
                } else if (Boolean.TRUE.equals(b.serverPreference()) && was.containsAll(is) && is.containsAll(was)
                        && !was.equals(is)) {
                    c.add(Change.changed(Aspect.ORDER, b.version().label(), String.join(", ", was),
                            String.join(", ", is)));
                }
            } else {
                // A version newly accepted: its weak suites are weak suites newly accepted.
                for (AcceptedSuite s : b.suites()) {
                    Change ch = suiteAppeared(b.version(), s.suite());
                    if (ch.worse()) {
                        c.add(ch);
                    }
                }
            }
        }
    }

    private static Change suiteAppeared(ProtocolVersion v, CipherSuite s) {
        Change ch = Change.appeared(Aspect.SUITE, v.label() + " " + s.ianaName(), "accepted");
        String weak = weakness(s);
        return weak == null ? ch : ch.worse("a weak suite accepted: " + weak);
    }

    /** Why a suite is weak, or {@code null}. */
    static String weakness(CipherSuite s) {
        if (s.has(Flag.NULL_CIPHER)) {
            return "no encryption";
        }
        if (s.has(Flag.EXPORT)) {
            return "export-grade";
        }
        if (s.has(Flag.ANONYMOUS)) {
            return "anonymous";
        }
        if (s.has(Flag.RC4)) {
            return "RC4";
        }
        if (s.has(Flag.DES) || s.has(Flag.TRIPLE_DES) || s.has(Flag.BLOCK_64)) {
            return "a 64-bit block cipher";
        }
        if (!s.has(Flag.FORWARD_SECRECY) && !s.isTls13Only()) {
            return "no forward secrecy";
        }
        return null;
    }

    private static String order(ProtocolReport p) {
        return p.serverPreference() == null ? "undetermined" : p.serverPreference() ? "server order" : "client order";
    }

    private static void groups(EndpointReport o, EndpointReport n, List<Change> c) {
        Set<String> was = groupsOf(o);
        Set<String> is = groupsOf(n);
        for (String g : is) {
            if (!was.contains(g)) {
                c.add(Change.appeared(Aspect.GROUP, g, "chosen"));
            }
        }
        for (String g : was) {
            if (!is.contains(g)) {
                c.add(Change.disappeared(Aspect.GROUP, g, "no longer chosen"));
            }
        }
    }

    private static Set<String> groupsOf(EndpointReport r) {
        Set<String> out = new TreeSet<>();
        for (ProtocolReport p : r.protocols()) {
            for (AcceptedSuite s : p.suites()) {
                if (s.keyExchange() != null && !s.keyExchange().group().isEmpty()) {
                    out.add(s.keyExchange().group());
                }
            }
        }
        return out;
    }

    private static void certificates(EndpointReport o, EndpointReport n, List<Change> c) {
        Map<String, ChainReport> was = chainsByKeyType(o);
        Map<String, ChainReport> is = chainsByKeyType(n);
        for (Map.Entry<String, ChainReport> e : is.entrySet()) {
            ChainReport b = e.getValue();
            ChainReport a = was.get(e.getKey());
            CertificateInfo nl = b.leaf();
            if (a == null) {
                c.add(Change.appeared(Aspect.CERTIFICATE, e.getKey(), nl == null ? "a chain" : certificate(nl)));
                continue;
            }
            CertificateInfo ol = a.leaf();
            if (ol != null && nl != null && !ol.sha256().equals(nl.sha256())) {
                c.add(Change.changed(Aspect.CERTIFICATE, e.getKey(), certificate(ol), certificate(nl)));
            } else if (!fingerprints(a.served()).equals(fingerprints(b.served()))) {
                c.add(Change.changed(Aspect.CHAIN, e.getKey() + " served chain", a.served().size() + " certificates "
                        + names(a.served()), b.served().size() + " certificates " + names(b.served())));
            }
            verdict(c, e.getKey(), "trusted", a.trusted(), b.trusted(), "no longer trusted");
            verdict(c, e.getKey(), "complete", a.complete(), b.complete(), null);
            verdict(c, e.getKey(), "valid for the name", a.hostnameValid(), b.hostnameValid(),
                    "no longer valid for the name");
            if (ol != null && nl != null && ol.daysLeft() >= 0 && nl.daysLeft() < 0) {
                c.add(Change.changed(Aspect.CHAIN, e.getKey() + " expiry", "valid", "expired")
                        .worse("the certificate expired"));
            }
            if (a.openssl().code() != b.openssl().code()) {
                c.add(Change.changed(Aspect.CHAIN, e.getKey() + " OpenSSL verdict", a.openssl().code() + " ("
                        + a.openssl().text() + ")", b.openssl().code() + " (" + b.openssl().text() + ")"));
            }
        }
        for (Map.Entry<String, ChainReport> e : was.entrySet()) {
            if (!is.containsKey(e.getKey())) {
                CertificateInfo l = e.getValue().leaf();
                c.add(Change.disappeared(Aspect.CERTIFICATE, e.getKey(), l == null ? "a chain" : certificate(l)));
            }
        }
    }

    private static void verdict(List<Change> c, String keyType, String what, boolean was, boolean is,
            String worseWhy) {
        if (was == is) {
            return;
        }
        Change ch = Change.changed(Aspect.CHAIN, keyType + " " + what, was ? "yes" : "no", is ? "yes" : "no");
        c.add(was && worseWhy != null ? ch.worse("the certificate became invalid: " + worseWhy) : ch);
    }

    private static Map<String, ChainReport> chainsByKeyType(EndpointReport r) {
        Map<String, ChainReport> m = new LinkedHashMap<>();
        for (int i = 0; i < r.chains().size(); i++) {
            String type = i < r.served().chains().size() ? r.served().chains().get(i).keyType() : "chain " + (i + 1);
            m.putIfAbsent(type, r.chains().get(i));
        }
        return m;
    }

    /** {@code 'www.example.com' serial 0a1b, expires 2026-03-01}. */
    private static String certificate(CertificateInfo i) {
        return "'" + i.shortName() + "' serial " + i.serialHex() + ", expires "
                + LocalDate.ofInstant(i.notAfter(), ZoneOffset.UTC);
    }

    private static List<String> fingerprints(List<CertificateInfo> certs) {
        return certs.stream().map(CertificateInfo::sha256).toList();
    }

    private static String names(List<CertificateInfo> certs) {
        return certs.stream().map(i -> "'" + i.shortName() + "'").toList().toString();
    }

    private static void findings(EndpointReport o, EndpointReport n, List<Change> c) {
        Map<String, Finding> was = findingsByKey(o);
        Map<String, Finding> is = findingsByKey(n);
        for (Map.Entry<String, Finding> e : is.entrySet()) {
            Finding f = e.getValue();
            Finding before = was.get(e.getKey());
            if (before == null) {
                Change ch = Change.appeared(Aspect.FINDING, f.code(), findingText(f));
                c.add(f.severity().compareTo(WORSE_FROM) >= 0
                        ? ch.worse("a new finding of severity " + f.severity().label()) : ch);
            } else if (before.severity() != f.severity()) {
                Change ch = Change.changed(Aspect.FINDING, f.code(), before.severity().label(), f.severity().label());
                c.add(f.severity().compareTo(before.severity()) > 0 && f.severity().compareTo(WORSE_FROM) >= 0
                        ? ch.worse("a finding raised to severity " + f.severity().label()) : ch);
            }
        }
        for (Map.Entry<String, Finding> e : was.entrySet()) {
            if (!is.containsKey(e.getKey())) {
                c.add(Change.disappeared(Aspect.FINDING, e.getValue().code(), "resolved: " + findingText(e.getValue())));
            }
        }
    }

    /** Findings by code and subjects (the message may count days; the subjects say what it is about). */
    private static Map<String, Finding> findingsByKey(EndpointReport r) {
        Map<String, Finding> m = new LinkedHashMap<>();
        for (Finding f : r.findings()) {
            String key = f.code() + "\n" + String.join("\n", new TreeSet<>(f.subjects()));
            m.merge(key, f, (x, y) -> x.severity().compareTo(y.severity()) >= 0 ? x : y);
        }
        return m;
    }

    private static String findingText(Finding f) {
        return f.severity().label() + " " + f.message();
    }

    private static void policies(EndpointReport o, EndpointReport n, List<Change> c) {
        if (o.policy() == null || n.policy() == null) {
            return;
        }
        Map<String, Boolean> was = new LinkedHashMap<>();
        o.policy().checks().forEach(p -> was.put(p.policy(), p.compliant()));
        for (PolicyResult p : n.policy().checks()) {
            Boolean before = was.get(p.policy());
            if (before != null && before != p.compliant()) {
                c.add(Change.changed(Aspect.POLICY, p.policy(), before ? "compliant" : "not compliant",
                        p.compliant() ? "compliant" : "not compliant"));
            }
        }
    }

    private static Map<ProtocolVersion, ProtocolReport> byVersion(EndpointReport r) {
        Map<ProtocolVersion, ProtocolReport> m = new EnumMap<>(ProtocolVersion.class);
        r.protocols().forEach(p -> m.put(p.version(), p));
        return m;
    }

    private static List<String> names(ProtocolReport p) {
        return p.suites().stream().map(s -> s.suite().ianaName()).toList();
    }

    private static String describeStatus(EndpointReport r) {
        return r.status().label() + (r.status().scanned() || r.error() == null ? "" : " (" + r.error() + ")");
    }

    // ---- what makes the sweeps hard to compare ----

    private static List<String> notes(Collection<EndpointReport> before, Collection<EndpointReport> after) {
        Set<Provenance> was = provenances(before);
        Set<Provenance> is = provenances(after);
        List<String> out = new ArrayList<>();
        if (was.size() == 1 && is.size() == 1) {
            Provenance a = was.iterator().next();
            Provenance b = is.iterator().next();
            Set<String> names = new TreeSet<>(a.options().keySet());
            names.addAll(b.options().keySet());
            List<String> differ = new ArrayList<>();
            for (String k : names) {
                String x = a.options().get(k);
                String y = b.options().get(k);
                if (!Objects.equals(x, y)) {
                    differ.add(k + " " + (x == null ? "(not set)" : x) + " → " + (y == null ? "(not set)" : y));
                }
            }
            if (!differ.isEmpty()) {
                out.add("the sweeps were run with different options: " + String.join(", ", differ));
            }
            if (a.trustStore() != null && b.trustStore() != null
                    && !a.trustStore().sha256().equals(b.trustStore().sha256())) {
                out.add("the sweeps judged chains against different trust stores: " + a.trustStore().source() + ", "
                        + a.trustStore().anchors() + " anchors → " + b.trustStore().source() + ", "
                        + b.trustStore().anchors() + " anchors");
            }
            if (!a.version().equals(b.version())) {
                out.add("the sweeps were made by different versions of tlsweep: " + a.version() + " → " + b.version());
            }
        } else if (was.size() > 1 || is.size() > 1) {
            out.add("a sweep was made by several runs with different versions or options (" + was.size() + " before, "
                    + is.size() + " after)");
        }
        return out;
    }

    private static Set<Provenance> provenances(Collection<EndpointReport> reports) {
        Set<Provenance> out = new LinkedHashSet<>();
        for (EndpointReport r : reports) {
            if (r.provenance() != null) {
                out.add(r.provenance());
            }
        }
        return out;
    }
}
