package dev.tlsweep.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.registry.ClientProfile;
import dev.tlsweep.core.registry.ClientProfiles;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.Deviation;
import dev.tlsweep.core.report.KeyExchangeParams;
import dev.tlsweep.core.report.PolicyMatch;
import dev.tlsweep.core.report.PolicyResult;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProtocolReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled policy data, name resolution, nearest-policy matching and the certificate rules, offline. */
class PolicyCatalogTest {

    private final PolicyCatalog catalog = PolicyCatalog.standard();

    @Test
    void aliasesNameTheNewestGuidelines() {
        assertThat(catalog.find("mozilla-intermediate").orElseThrow().id()).isEqualTo("mozilla-intermediate-6.0");
        assertThat(catalog.find("mozilla-modern").orElseThrow().id()).isEqualTo("mozilla-modern-6.0");
        assertThat(catalog.find("mozilla-old").orElseThrow().id()).isEqualTo("mozilla-old-5.8");
        assertThat(catalog.find("Mozilla-Intermediate-5.7").orElseThrow().suites()).hasSize(9);
        assertThat(catalog.find("elbsecuritypolicy-tls13-1-2-2021-06")).isPresent();
        assertThat(catalog.find("mozilla-nonsense")).isEmpty();
    }

    @Test
    void tablesHaveTheDocumentedSizes() {
        assertThat(catalog.find("mozilla-intermediate-6.0").orElseThrow().suites()).hasSize(6);
        assertThat(catalog.find("mozilla-old-5.7").orElseThrow().suites()).hasSize(26);
        assertThat(catalog.find("mozilla-old-5.8").orElseThrow().suites()).hasSize(21);
        assertThat(catalog.find("mozilla-old-5.8").orElseThrow().minDhBits()).isEqualTo(2048);
        assertThat(catalog.family("aws-elb")).hasSize(26);
        assertThat(catalog.family("aws-clb")).hasSize(6);
        assertThat(catalog.find("ELBSecurityPolicy-2016-08").orElseThrow().suites()).hasSize(18);
        assertThat(catalog.find("ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04").orElseThrow().tls13Suites())
                .extracting(CipherSuite::ianaName).doesNotContain("TLS_CHACHA20_POLY1305_SHA256");
        assertThat(ClientProfiles.all()).extracting(ClientProfile::id).contains("android-4.4", "java-8", "java-11",
                "java-17", "openssl-1.0.2", "openssl-1.1.1", "openssl-3.0", "curl-debian12", "go-1.22", "python-3.11",
                "chrome", "firefox", "safari");
    }

    @Test
    void anEndpointServingAPolicyMatchesItAndOneSuiteMoreIsNearestToIt() {
        PolicyProfile p = catalog.find("ELBSecurityPolicy-TLS13-1-2-Res-2021-06").orElseThrow();
        List<ProtocolReport> exact = reports(p, null);
        PolicyMatch m = PolicyMatcher.match(catalog.family("aws-elb"), exact);
        assertThat(m.exact()).containsExactly(p.id());
        assertThat(m.distance()).isZero();

        CipherSuite extra = CipherSuites.byName("AES128-GCM-SHA256").orElseThrow();
        PolicyMatch near = PolicyMatcher.match(catalog.family("aws-elb"), reports(p, extra));
        assertThat(near.exact()).isEmpty();
        assertThat(near.nearest()).isEqualTo(p.id());
        assertThat(near.distance()).isEqualTo(1);
        assertThat(near.difference().deviations()).extracting(Deviation::kind).containsExactly(Deviation.Kind.EXTRA_SUITE);
    }

    @Test
    void smallDhAndCertificateRulesAreDeviations() {
        PolicyProfile p = catalog.find("mozilla-intermediate-5.7").orElseThrow();
        CipherSuite dhe = CipherSuites.byName("DHE-RSA-AES128-GCM-SHA256").orElseThrow();
        List<ProtocolReport> protocols = List.of(new ProtocolReport(ProtocolVersion.TLSv1_2, RUN, true, false,
                List.of(new AcceptedSuite(dhe, new KeyExchangeParams("dh", 1024))), null));
        CertificateInfo leaf = new CertificateInfo("CN=a", "CN=b", "01", "aa", "bb", Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofDays(825)), 100, "RSA", 1024, null, "SHA1withRSA",
                List.of("a"), List.of(), false, false, List.of());
        PolicyResult r = PolicyChecker.check(p, protocols, List.of(leaf));
        assertThat(r.compliant()).isFalse();
        assertThat(r.deviations()).filteredOn(Deviation::failing).extracting(Deviation::kind).containsExactly(
                Deviation.Kind.DH_TOO_SMALL, Deviation.Kind.RSA_KEY_TOO_SMALL, Deviation.Kind.CERTIFICATE_LIFETIME,
                Deviation.Kind.CERTIFICATE_SIGNATURE);
        PolicyResult without = PolicyChecker.check(p, protocols, List.of());
        assertThat(without.notChecked()).anyMatch(s -> s.contains("no certificate analysed"));
    }

    private static final ProbeRun RUN = ProbeRun.completed(1, 1);

    private static List<ProtocolReport> reports(PolicyProfile p, CipherSuite extra) {
        List<ProtocolReport> out = new ArrayList<>();
        for (ProtocolVersion v : ProtocolVersion.values()) {
            if (!p.versions().contains(v)) {
                out.add(ProtocolReport.refused(v, RUN));
                continue;
            }
            List<AcceptedSuite> suites = new ArrayList<>();
            for (CipherSuite s : v == ProtocolVersion.TLSv1_3 ? p.tls13Suites() : p.suites()) {
                suites.add(new AcceptedSuite(s, null));
            }
            if (extra != null && v == ProtocolVersion.TLSv1_2) {
                suites.add(new AcceptedSuite(extra, null));
            }
            out.add(new ProtocolReport(v, RUN, true, true, suites, null));
        }
        return out;
    }
}
