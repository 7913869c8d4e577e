package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import java.util.concurrent.CompletableFuture;

/**
 * The extended master secret (RFC 7627): whether the ServerHellos the enumeration received at TLS 1.0 to 1.2 carry the
 * extended_master_secret extension those hellos offered. No hello of its own. Without it, a session's master secret
 * is not bound to its handshake (the triple handshake attack). Not applicable to TLS 1.3 only (where the key schedule
 * binds it always) nor to SSLv3.
 */
public final class ExtendedMasterSecretCheck implements CheckProbe {

    static final int EXTENDED_MASTER_SECRET = 0x0017;

    @Override
    public Check check() {
        return Check.EXTENDED_MASTER_SECRET;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        return CompletableFuture.completedFuture(SecureRenegotiationCheck.judge(
                SecureRenegotiationCheck.evidence(ctx, facts, false), EXTENDED_MASTER_SECRET, "extended_master_secret"));
    }
}
