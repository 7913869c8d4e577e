package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.ProtocolReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the enumeration found, for the checks to build their hellos from: the versions and their accepted suites,
 * and the answer to the first hello.
 *
 * @param protocols    every version probed, with its accepted suites
 * @param connectivity the answer to the connectivity hello (a TLS 1.3 and 1.2 hello, as current clients send)
 * @param tls13HelloIntolerant whether the connectivity hello went unanswered while a plain TLS 1.2 hello was answered
 */
public record ScanFacts(List<ProtocolReport> protocols, HelloAnswer connectivity, boolean tls13HelloIntolerant) {

    public ScanFacts {
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(connectivity, "connectivity");
    }

    /** Whether {@code version} accepted at least one suite. */
    public boolean accepts(ProtocolVersion version) {
        return report(version).map(ProtocolReport::accepted).orElse(false);
    }

    /** The report of {@code version}, if it was probed. */
    public Optional<ProtocolReport> report(ProtocolVersion version) {
        return protocols.stream().filter(p -> p.version() == version).findFirst();
    }

    /** The accepted versions, oldest first (SSLv2 excluded: no check speaks it). */
    public List<ProtocolVersion> acceptedVersions() {
        List<ProtocolVersion> out = new ArrayList<>();
        for (ProtocolReport p : protocols) {
            if (p.accepted() && p.version() != ProtocolVersion.SSLv2) {
                out.add(p.version());
            }
        }
        return out;
    }

    /** The highest accepted version among TLS 1.0, 1.1 and 1.2, if any: where the TLS 1.2-era checks run. */
    public Optional<ProtocolVersion> highestTls12OrBelow() {
        ProtocolVersion best = null;
        for (ProtocolVersion v : List.of(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2)) {
            if (accepts(v)) {
                best = v;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The codes of the suites accepted at {@code version} that satisfy {@code which}, in report order. */
    public List<Integer> suites(ProtocolVersion version, Predicate<CipherSuite> which) {
        List<Integer> out = new ArrayList<>();
        report(version).ifPresent(p -> {
            for (AcceptedSuite a : p.suites()) {
                if (which.test(a.suite())) {
                    out.add(a.suite().code());
                }
            }
        });
        return out;
    }

    /** The codes of every suite accepted at {@code version}. */
    public List<Integer> suites(ProtocolVersion version) {
        return suites(version, s -> true);
    }
}
