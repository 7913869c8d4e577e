package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.Mac;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.wire.ServerHello;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Encrypt-then-MAC (RFC 7366): one hello at the highest accepted TLS 1.0-1.2 version offering only the accepted CBC
 * suites and the encrypt_then_mac extension; a server that supports it answers with the extension. It matters only
 * for CBC suites (MAC-then-encrypt is what padding-oracle attacks exploit): not applicable without one.
 */
public final class EncryptThenMacCheck implements CheckProbe {

    static final int ENCRYPT_THEN_MAC = 0x0016;

    @Override
    public Check check() {
        return Check.ENCRYPT_THEN_MAC;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        Optional<ProtocolVersion> version = facts.highestTls12OrBelow();
        List<Integer> cbc = version.map(v -> facts.suites(v, s -> s.encryption().endsWith("_CBC")
                && s.mac() != Mac.AEAD)).orElse(List.of());
        if (cbc.isEmpty()) {
            return CompletableFuture.completedFuture(new CheckResult.Flag(CheckRuns.notApplicable(
                    "no CBC suite is accepted at TLS 1.0-1.2"), null, null, null));
        }
        ProtocolVersion v = version.get();
        return ctx.send(Hellos.builderFor(v, cbc, ctx.sni()).extension(ENCRYPT_THEN_MAC, new byte[0]).build(), tally)
                .thenApply(a -> {
                    ServerHello sh = a.serverHello();
                    if (sh == null || sh.helloRetryRequest()) {
                        return new CheckResult.Flag(CheckRuns.error("the hello offering CBC suites was not answered"
                                + " with a ServerHello: " + a.detail(), tally), null, null, null);
                    }
                    return new CheckResult.Flag(CheckRuns.completed(tally), sh.hasExtension(ENCRYPT_THEN_MAC), null,
                            "hello at " + v.label() + " with the accepted CBC suites");
                });
    }
}
