package dev.tlsweep.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.lab.ChainBombs;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chain bomb: many certificates with one name, each claiming an RSA key with a huge public exponent, so
 * that every "did this one issue that one?" costs a private-key operation and the questions are quadratic.
 * The analysis must stay bounded: at most 20 certificates looked at, keys no real client accepts not
 * verified at all, every check made once and within a budget.
 */
class ChainBombTest {

    static List<X509Certificate> bomb;

    @BeforeAll
    static void make() throws Exception {
        bomb = ChainBombs.bomb(180);
    }

    @Test
    void aKeyNoClientAcceptsVerifiesNothing() {
        assertThat(Certificates.verifies(bomb.get(1).getPublicKey(), bomb.get(0))).isFalse();
    }

    @Test
    void only20CertificatesAreLookedAtAndTheReportSaysSo() throws Exception {
        ChainAnalyzer analyzer = new ChainAnalyzer(TrustAnchors.of(List.of()), List.of(), null,
                ChainPolicy.defaults(), Clock.systemUTC(), Runnable::run);
        ChainReport r = analyzer.analyze(Der.of(bomb), "bomb").get(60, TimeUnit.SECONDS);
        assertThat(r.served()).hasSize(ChainAnalyzer.MAX_CERTIFICATES);
        assertThat(r.findingCodes()).contains("CHAIN_TOO_LONG");
        assertThat(r.trusted()).isFalse();
        assertThat(r.findings().stream().filter(f -> f.code().equals("CHAIN_TOO_LONG")).findFirst().orElseThrow()
                .message()).contains("180 certificates").contains("first 20");
    }

    @Test
    void everyCheckIsMadeOnceAndTheBudgetCutsTheAnalysisShort() throws Exception {
        List<X509Certificate> twenty = bomb.subList(0, 20);
        SignatureChecks checks = new SignatureChecks(50, TimeUnit.SECONDS.toNanos(10));
        PathBuilder paths = new PathBuilder(TrustAnchors.of(List.of()), List.of(), null, Runnable::run);
        PathBuilder.Built built = paths.build(twenty, "bomb", Instant.now(), checks).get(60, TimeUnit.SECONDS);
        assertThat(checks.used()).isLessThanOrEqualTo(50);
        assertThat(checks.limit()).contains("more than 50 signature checks");
        assertThat(built.path()).isNotEmpty();
        // The same question twice costs one check.
        SignatureChecks fresh = new SignatureChecks(10, TimeUnit.SECONDS.toNanos(10));
        fresh.issued(twenty.get(1), twenty.get(0));
        fresh.issued(twenty.get(1), twenty.get(0));
        assertThat(fresh.used()).isEqualTo(1);
    }
}
