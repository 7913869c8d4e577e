package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.EncryptedFlight;
import dev.tlsweep.core.wire.ServerHello;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A large ClientHello, as current browsers send it: key shares for X25519MLKEM768 (1,216 bytes) and x25519, padded to
 * a browser's size (1,750 bytes), so the hello spans several TCP segments on a 1,500-byte network. Servers and middleboxes that read only the first segment
 * break on it — and so every post-quantum-capable client breaks on them. When it goes unanswered, a control hello of
 * exactly the same size without the post-quantum share tells the two causes apart: the control fails too — the size
 * (hello-size intolerance); the control is answered — the post-quantum key share itself. Any answer in TLS, an alert
 * included, is tolerance: the server read the whole hello. One hello, two when intolerant.
 */
public final class LargeHelloCheck implements CheckProbe {

    static final int X25519MLKEM768 = 0x11EC;
    /** At least the size of a current browser's hello (about 1,750 bytes with GREASE, ECH and a PQ share). */
    static final int MINIMUM_BODY = 1_750;

    @Override
    public Check check() {
        return Check.LARGE_CLIENT_HELLO;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        Optional<ProtocolReport> tls13 = facts.report(ProtocolVersion.TLSv1_3).filter(ProtocolReport::accepted);
        boolean tls12 = facts.accepts(ProtocolVersion.TLSv1_2);
        if (tls13.isEmpty() && !tls12) {
            return CompletableFuture.completedFuture(new CheckResult.Flag(CheckRuns.notApplicable(
                    "neither TLS 1.2 nor TLS 1.3 is accepted: no client sends a large hello to it"), null, null, null));
        }
        List<Integer> suites = new ArrayList<>();
        tls13.ifPresent(p -> p.suites().forEach(a -> suites.add(a.suite().code())));
        suites.addAll(facts.suites(ProtocolVersion.TLSv1_2));
        List<Integer> versions = new ArrayList<>();
        if (tls13.isPresent()) {
            versions.add(0x0304);
        }
        if (tls12) {
            versions.add(0x0303);
        }
        ClientHelloSpec large = shape(ctx, suites, versions).keyShares(X25519MLKEM768, 0x001D)
                .minimumBodyLength(MINIMUM_BODY).build();
        return ctx.send(large, tally).thenCompose(a -> {
            if (!a.unanswered()) {
                return CompletableFuture.completedFuture(tolerant(a, large, tally));
            }
            ClientHelloSpec control = shape(ctx, suites, versions).keyShares(0x001D)
                    .minimumBodyLength(large.bodyLength()).build();
            return ctx.send(control, tally).thenApply(c -> judge(a, c, large, tally));
        });
    }

    private static ClientHelloSpec.Builder shape(ProbeContext ctx, List<Integer> suites, List<Integer> versions) {
        return Hellos.builderFor(ProtocolVersion.TLSv1_2, suites.subList(0, Math.min(suites.size(),
                Hellos.MAX_SUITES_PER_HELLO)), ctx.sni())
                .supportedVersions(GroupProbe.ints(versions))
                .supportedGroups(X25519MLKEM768, 0x001D, 0x0017, 0x0018)
                .pskKeyExchangeModes(true);
    }

    private static CheckResult tolerant(HelloAnswer a, ClientHelloSpec large, Tally tally) {
        ServerHello sh = a.serverHello();
        String took = "";
        if (sh != null && sh.keyShareGroup() == X25519MLKEM768) {
            EncryptedFlight f = a.flight().encrypted();
            took = "; the server took the X25519MLKEM768 share" + (f != null && f.finished()
                    ? " (its flight decrypted with tlsweep's hybrid key schedule)" : "");
        }
        return new CheckResult.Flag(CheckRuns.completed(tally), false, null, "a hello of " + (4 + large.bodyLength())
                + " bytes with an X25519MLKEM768 key share was answered (" + a.kind() + ")" + took);
    }

    /** The large hello went unanswered; the control tells why. Pure but for the tally's clock. */
    static CheckResult judge(HelloAnswer large, HelloAnswer control, ClientHelloSpec spec, Tally tally) {
        int size = 4 + spec.bodyLength();
        if (control.unanswered()) {
            return new CheckResult.Flag(CheckRuns.completed(tally), true, "size", "a hello of " + size + " bytes"
                    + " went unanswered (" + large.detail() + "), and so did one of the same size without the"
                    + " post-quantum key share (" + control.detail() + ")");
        }
        if (control.spokeTls()) {
            return new CheckResult.Flag(CheckRuns.completed(tally), true, "post-quantum key share", "a hello of " + size
                    + " bytes with an X25519MLKEM768 key share went unanswered (" + large.detail() + "), one of the same"
                    + " size without it was answered (" + control.kind() + ")");
        }
        return new CheckResult.Flag(CheckRuns.error("the large hello went unanswered and the control hello got no"
                + " usable answer either: " + control.detail(), tally), null, null, null);
    }
}
