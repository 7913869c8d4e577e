package dev.tlsweep.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.summary.Summary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An endpoint whose upgrade to TLS failed is an endpoint that could not be scanned: exit code 1 whatever else, and
 * counted by its own status in the summary.
 */
class UpgradeStatusesTest {

    private static EndpointReport failed(ScanStatus status, String error) {
        return EndpointReport.unscanned("smtp://mx.example", "mx.example", 25, "192.0.2.25", "mx.example", status,
                error, Instant.EPOCH, 10, 1).toBuilder().starttls(Starttls.SMTP).build();
    }

    @Test
    void everyUpgradeFailureIsExitCodeOneAndCountedByStatus() {
        for (ScanStatus s : List.of(ScanStatus.STARTTLS_REFUSED, ScanStatus.STARTTLS_ERROR, ScanStatus.STARTTLS_TIMEOUT)) {
            assertThat(s.scanned()).isFalse();
            RunVerdict verdict = new RunVerdict();
            verdict.add(failed(s, "STARTTLS: 454 4.7.0 TLS not available"));
            assertThat(verdict.exitCode()).isEqualTo(ExitCode.UNSCANNED);
        }
        Summary summary = new Summary();
        summary.add(failed(ScanStatus.STARTTLS_REFUSED, "STARTTLS: 454 4.7.0 TLS not available"));
        summary.add(failed(ScanStatus.STARTTLS_TIMEOUT, "no answer"));
        assertThat(summary.toText()).contains("starttls-refused 1").contains("starttls-timeout 1");
        assertThat(summary.toJson()).contains("\"starttls-refused\" : 1");
    }
}
