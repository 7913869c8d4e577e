package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.CertificateCapture;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ServedChain;

/**
 * OCSP stapling (RFC 6066, and the TLS 1.3 status_request of a certificate entry): whether the server stapled an OCSP
 * response to a chain it served — judged from the certificate capture, whose hellos all ask for one. No hello of its
 * own; not applicable when no chain was captured.
 */
public final class OcspStaplingCheck {

    private OcspStaplingCheck() {
    }

    /** Supported when a captured chain came with a staple. Pure. */
    public static CheckResult judge(CertificateCapture capture) {
        if (capture.chains().isEmpty()) {
            return new CheckResult.Flag(CheckRuns.notApplicable("no certificate chain was captured"), null, null, null);
        }
        for (ServedChain c : capture.chains()) {
            if (c.ocspStapled()) {
                return new CheckResult.Flag(ProbeRun.completed(0, 0), true, null, "stapled to the " + c.keyType()
                        + " chain at " + c.version().label());
            }
        }
        return new CheckResult.Flag(ProbeRun.completed(0, 0), false, null, null);
    }
}
