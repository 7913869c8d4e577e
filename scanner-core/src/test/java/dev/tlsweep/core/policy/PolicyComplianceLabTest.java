package dev.tlsweep.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Deviation.Kind;
import dev.tlsweep.core.report.Deviation;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.PolicyResult;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.CannedResponder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For Mozilla's configurations and several load-balancer policies: a lab endpoint serving exactly the
 * policy complies, and one extra or one missing suite or version is reported as exactly that deviation.
 */
class PolicyComplianceLabTest {

    private static final int EXTRA_TLS12_SUITE = 0xC076; // TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256
    private static final int EXTRA_TLS13_SUITE = 0x1304; // TLS_AES_128_CCM_SHA256

    @ParameterizedTest
    @ValueSource(strings = {"mozilla-modern", "mozilla-intermediate", "mozilla-old", "mozilla-intermediate-5.7",
        "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-FS-1-2-2019-08", "ELBSecurityPolicy-2016-08",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", "clb:ELBSecurityPolicy-2015-03"})
    void exactExtraAndMissing(String name) throws Exception {
        PolicyProfile policy = PolicyCatalog.standard().find(name).orElseThrow();
        Map<Integer, List<Integer>> exact = PolicyLab.configOf(policy);

        PolicyResult same = check(policy, exact);
        assertThat(same.compliant()).isTrue();
        assertThat(same.deviations()).isEmpty();

        boolean has12 = exact.keySet().stream().anyMatch(v -> v < 0x0304);
        int extraSuite = has12 ? EXTRA_TLS12_SUITE : EXTRA_TLS13_SUITE;
        Map<Integer, List<Integer>> extra = copy(exact);
        extra.replaceAll((v, s) -> (v < 0x0304) == has12 ? plus(s, extraSuite) : s);
        PolicyResult more = check(policy, extra);
        assertThat(more.compliant()).isFalse();
        assertThat(kinds(more)).containsExactly(has12 ? Kind.EXTRA_SUITE : Kind.EXTRA_TLS13_SUITE);

        Map<Integer, List<Integer>> missing = copy(exact);
        int lastVersion = has12 ? exact.keySet().stream().filter(v -> v < 0x0304).max(Integer::compare).orElseThrow() : 0x0304;
        List<Integer> suites = missing.get(lastVersion);
        int dropped = suites.get(suites.size() - 1);
        missing.replaceAll((v, s) -> minus(s, dropped));
        PolicyResult less = check(policy, missing);
        assertThat(kinds(less)).containsExactly(has12 ? Kind.MISSING_SUITE : Kind.MISSING_TLS13_SUITE);
        assertThat(less.compliant()).isEqualTo(!policy.exact());
        assertThat(less.deviations().get(0).failing()).isEqualTo(policy.exact());

        if (exact.size() >= 2) {
            Map<Integer, List<Integer>> fewer = copy(exact);
            int lowest = exact.keySet().iterator().next();
            fewer.remove(lowest);
            PolicyResult r = check(policy, fewer);
            assertThat(kinds(r)).containsExactly(Kind.MISSING_VERSION);
            assertThat(r.deviations().get(0).subjects()).containsExactly(
                    ProtocolVersion.fromWire(lowest).orElseThrow().label());
        }
        if (!exact.containsKey(0x0302)) {
            // TLS 1.1 with the policy's own suites that TLS 1.1 can carry (if any)
            List<Integer> tls11 = policy.suites().stream().filter(s -> s.supports(ProtocolVersion.TLSv1_1))
                    .map(s -> s.code()).toList();
            if (!tls11.isEmpty()) {
                Map<Integer, List<Integer>> older = copy(exact);
                older.put(0x0302, tls11);
                PolicyResult r = check(policy, older);
                assertThat(r.compliant()).isFalse();
                assertThat(kinds(r)).containsExactly(Kind.EXTRA_VERSION);
            }
        }
    }

    private static PolicyResult check(PolicyProfile policy, Map<Integer, List<Integer>> config) throws Exception {
        try (CannedResponder s = PolicyLab.start(config)) {
            EndpointReport r = PolicyLab.scan(s.port());
            assertThat(r.status()).isEqualTo(ScanStatus.OK);
            return PolicyChecker.check(policy, r.protocols(), List.of());
        }
    }

    private static List<Kind> kinds(PolicyResult r) {
        return r.deviations().stream().map(Deviation::kind).toList();
    }

    private static Map<Integer, List<Integer>> copy(Map<Integer, List<Integer>> m) {
        return new TreeMap<>(m);
    }

    private static List<Integer> plus(List<Integer> l, int x) {
        List<Integer> out = new ArrayList<>(l);
        out.add(x);
        return out;
    }

    private static List<Integer> minus(List<Integer> l, int x) {
        return l.stream().filter(v -> v != x).toList();
    }
}
