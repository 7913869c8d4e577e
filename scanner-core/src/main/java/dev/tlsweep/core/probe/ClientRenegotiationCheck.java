package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import java.util.concurrent.CompletableFuture;

/**
 * Client-initiated renegotiation: on a finished TLS 1.0-1.2 handshake, a new ClientHello — with renegotiation_info
 * carrying the client's verify_data when the server speaks RFC 5746, without it when not ({@link Sessions}). A server
 * that answers with a ServerHello lets any client make it redo the expensive half of a handshake at will (a
 * denial-of-service lever: testssl.sh's "Secure Client-Initiated Renegotiation"); when the renegotiation was the
 * insecure kind, a man in the middle can splice its own data in front of the client's (CVE-2009-3555). Not applicable
 * to TLS 1.3 only, which has no renegotiation.
 */
public final class ClientRenegotiationCheck implements CheckProbe {

    @Override
    public Check check() {
        return Check.CLIENT_RENEGOTIATION;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        return Sessions.tls12(ctx, facts, tally).thenApply(tls12 -> {
            if (tls12.isEmpty()) {
                return new CheckResult.Renegotiation(CheckRuns.notApplicable("no version from TLS 1.0 to 1.2 is"
                        + " accepted (TLS 1.3 has no renegotiation)"), null, null, null);
            }
            Sessions.Tls12 s = tls12.get();
            if (!s.established()) {
                return new CheckResult.Renegotiation(CheckRuns.error(s.failure(), tally), null, null, null);
            }
            Sessions.Renegotiation r = s.renegotiation();
            if (r == null || r.allowed() == null) {
                return new CheckResult.Renegotiation(CheckRuns.error("the second handshake did not finish, so no"
                        + " renegotiation could be asked for", tally), null, null, null);
            }
            String note = (r.secure() ? "secure (RFC 5746) renegotiation" : "insecure renegotiation (the server"
                    + " lacks RFC 5746)") + " asked at " + s.version().label()
                    + (r.allowed() ? "" : "; refused: " + r.reaction());
            return new CheckResult.Renegotiation(CheckRuns.completed(tally), r.allowed(), r.secure(), note);
        });
    }
}
