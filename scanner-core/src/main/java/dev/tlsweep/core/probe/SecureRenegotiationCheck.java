package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.wire.ServerHello;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Secure renegotiation (RFC 5746): whether the ServerHellos the enumeration received at SSLv3 to TLS 1.2 carry the
 * renegotiation_info extension those hellos asked for (their extension, or the SCSV at SSLv3). No hello of its own.
 * Without it, a client cannot tell a renegotiation from a spliced connection (CVE-2009-3555). Not applicable to a
 * TLS 1.3-only endpoint: TLS 1.3 has no renegotiation.
 */
public final class SecureRenegotiationCheck implements CheckProbe {

    static final int RENEGOTIATION_INFO = 0xFF01;

    @Override
    public Check check() {
        return Check.SECURE_RENEGOTIATION;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        return CompletableFuture.completedFuture(judge(evidence(ctx, facts, true), RENEGOTIATION_INFO,
                "renegotiation_info"));
    }

    /** The ServerHellos of the enumeration's picks at SSLv3 (when {@code withSslv3}) to TLS 1.2, per version. */
    static List<List<ServerHello>> evidence(ProbeContext ctx, ScanFacts facts, boolean withSslv3) {
        List<List<ServerHello>> out = new ArrayList<>();
        for (ProtocolVersion v : facts.acceptedVersions()) {
            if (v != ProtocolVersion.TLSv1_3 && (withSslv3 || v != ProtocolVersion.SSLv3)) {
                List<ServerHello> hellos = ctx.serverHellos(v);
                if (!hellos.isEmpty()) {
                    out.add(hellos);
                }
            }
        }
        return out;
    }

    /**
     * Whether every ServerHello of the evidence carried {@code extension}: supported when all did, not when none did,
     * supported with a note naming the exceptions when some did. Pure.
     */
    static CheckResult judge(List<List<ServerHello>> evidence, int extension, String name) {
        if (evidence.isEmpty()) {
            return new CheckResult.Flag(CheckRuns.notApplicable("no version from SSLv3 to TLS 1.2 is accepted"),
                    null, null, null);
        }
        int with = 0;
        int total = 0;
        for (List<ServerHello> hellos : evidence) {
            for (ServerHello sh : hellos) {
                total++;
                if (sh.hasExtension(extension)) {
                    with++;
                }
            }
        }
        ProbeRun run = ProbeRun.completed(0, 0);
        String note = "from the " + total + " ServerHellos of the enumeration";
        if (with == total) {
            return new CheckResult.Flag(run, true, null, note);
        }
        if (with == 0) {
            return new CheckResult.Flag(run, false, null, note);
        }
        return new CheckResult.Flag(run, true, null, note + ": " + (total - with) + " of them lacked " + name);
    }
}
