package dev.tlsweep.core.report;

import java.util.List;
import java.util.Objects;

/**
 * The signature algorithms one protocol version signs with.
 *
 * @param run        how far the probe got, what it cost
 * @param accepted   the algorithms, in the server's order of preference (each the server's pick from what was left)
 * @param note       a remark, or {@code null}
 */
public record SignatureAlgorithmsResult(ProbeRun run, List<SupportedSignatureAlgorithm> accepted, String note) {

    public SignatureAlgorithmsResult {
        Objects.requireNonNull(run, "run");
        accepted = List.copyOf(accepted);
    }
}
