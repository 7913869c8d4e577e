package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.ServerHello;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Version intolerance: does the server negotiate its highest version when the hello names versions it does not know?
 * Two questions. A TLS 1.3 hello to an older server: the connectivity hello is one (TLS 1.3 and 1.2, as current
 * clients send); it went unanswered while a plain TLS 1.2 hello was answered when the scan saw
 * TLS13_HELLO_INTOLERANCE. An unknown version: one hello whose client_version is 0x0305 (above every version) and
 * whose supported_versions lists a GREASE value (RFC 8701) before the versions the server accepts; a tolerant server
 * answers at its highest accepted version, an intolerant one refuses, closes or downgrades — the servers that made
 * TLS 1.3 move its version negotiation into an extension.
 */
public final class VersionIntoleranceCheck implements CheckProbe {

    static final int UNKNOWN_VERSION = 0x0305;
    static final int GREASE_VERSION = 0x7A7A;

    @Override
    public Check check() {
        return Check.VERSION_INTOLERANCE;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        Optional<ProtocolVersion> plain = facts.highestTls12OrBelow();
        Optional<ProtocolReport> tls13 = facts.report(ProtocolVersion.TLSv1_3).filter(ProtocolReport::accepted);
        if (plain.isEmpty() && tls13.isEmpty()) {
            return CompletableFuture.completedFuture(new CheckResult.Flag(CheckRuns.notApplicable(
                    "no version from TLS 1.0 to 1.3 is accepted"), null, null, null));
        }
        ProtocolVersion highest = tls13.isPresent() ? ProtocolVersion.TLSv1_3 : plain.get();
        List<Integer> suites = new ArrayList<>();
        List<Integer> versions = new ArrayList<>(List.of(GREASE_VERSION));
        ClientHelloSpec.Builder b = Hellos.builderFor(plain.orElse(ProtocolVersion.TLSv1_3), List.of(), ctx.sni());
        if (tls13.isPresent()) {
            int group = SignatureAlgorithmProbe.keyShareGroup(tls13.get());
            tls13.get().suites().forEach(a -> suites.add(a.suite().code()));
            versions.add(0x0304);
            b.supportedGroups(GroupProbe.ints(List.of(group, 0x0017, 0x0018))).keyShares(group).pskKeyExchangeModes(true);
        }
        plain.ifPresent(v -> {
            suites.addAll(facts.suites(v));
            versions.add(v.wire());
        });
        ClientHelloSpec hello = b.recordVersion(0x0301).legacyVersion(UNKNOWN_VERSION)
                .cipherSuites(suites.subList(0, Math.min(suites.size(), Hellos.MAX_SUITES_PER_HELLO)))
                .supportedVersions(GroupProbe.ints(versions)).build();
        return ctx.send(hello, tally).thenApply(a -> judge(highest, a, facts.tls13HelloIntolerant(), tally));
    }

    /** The answer, read, with the connectivity hello's evidence. Pure but for the tally's clock. */
    static CheckResult judge(ProtocolVersion highest, HelloAnswer a, boolean tls13HelloIntolerant, Tally tally) {
        ServerHello sh = a.serverHello();
        String unknown;
        Boolean intolerant;
        if (sh != null && !sh.helloRetryRequest() && sh.negotiatedVersion() == highest.wire()) {
            intolerant = false;
            unknown = null;
        } else if (sh != null && !sh.helloRetryRequest()) {
            intolerant = true;
            unknown = String.format("a hello naming an unknown version was answered with 0x%04X instead of %s",
                    sh.negotiatedVersion(), highest.label());
        } else if (sh != null) {
            intolerant = false;
            unknown = null;
        } else if (a.spokeTls() || a.unanswered() || a.kind() == HelloAnswer.Kind.CLOSED
                || a.kind() == HelloAnswer.Kind.RESET) {
            intolerant = true;
            unknown = "a hello naming an unknown version was refused (" + a.detail() + ")";
        } else {
            return new CheckResult.Flag(CheckRuns.error("no answer to read: " + a.detail(), tally), null, null, null);
        }
        List<String> causes = new ArrayList<>();
        if (tls13HelloIntolerant) {
            causes.add("a TLS 1.3 hello went unanswered while a TLS 1.2 hello was answered");
        }
        if (unknown != null) {
            causes.add(unknown);
        }
        boolean any = intolerant || tls13HelloIntolerant;
        return new CheckResult.Flag(CheckRuns.completed(tally), any,
                tls13HelloIntolerant && unknown != null ? "tls1.3-hello, unknown-version"
                        : tls13HelloIntolerant ? "tls1.3-hello" : unknown != null ? "unknown-version" : null,
                causes.isEmpty() ? "client_version 0x0305 and a GREASE version in supported_versions: negotiated "
                        + highest.label() : String.join("; ", causes));
    }
}
