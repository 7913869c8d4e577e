package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.lab.CannedResponder;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code --policy}, {@code --match-policies} and {@code --simulate-clients} as a user runs them. */
class PolicyCommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** ELBSecurityPolicy-TLS13-1-2-Res-2021-06: TLS 1.2 ECDHE-GCM and the three TLS 1.3 suites. */
    private static CannedResponder resPolicyServer() {
        return CannedResponder.builder().version(0x0303, 0xC02B, 0xC02F, 0xC02C, 0xC030)
                .version(0x0304, 0x1301, 0x1302, 0x1303).serverPreference(true).start();
    }

    @Test
    void aCompliantEndpointExitsZeroAndANonCompliantOneFour() {
        try (CannedResponder s = resPolicyServer()) {
            String target = "127.0.0.1:" + s.port();
            assertThat(run("scan", "--no-color", "--policy", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
                    "--protocols", "tls1.0,tls1.1,tls1.2,tls1.3", target)).isEqualTo(Main.OK);
            assertThat(out.toString()).contains("Policy ELBSecurityPolicy-TLS13-1-2-Res-2021-06: compliant");
            assertThat(run("scan", "--no-color", "--policy", "mozilla-modern", target)).isEqualTo(Main.NONCOMPLIANT);
            assertThat(out.toString()).contains("Policy mozilla-modern-6.0: NOT compliant", "extra-version");
        }
    }

    @Test
    void jsonCarriesPolicyMatchAndClients() throws Exception {
        try (CannedResponder s = resPolicyServer()) {
            int code = run("scan", "--json", "--match-policies", "--simulate-clients", "--protocols", "tls1.2,tls1.3",
                    "127.0.0.1:" + s.port() + " sni=localhost");
            assertThat(code).isEqualTo(Main.OK);
            Schemas.reports(out.toString());
            JsonNode r = new ObjectMapper().readTree(out.toString().lines().findFirst().orElseThrow());
            assertThat(r.get("policy").get("match").get("exact").get(0).asText())
                    .isEqualTo("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
            JsonNode clients = r.get("clients");
            assertThat(clients.size()).isGreaterThanOrEqualTo(13);
            for (JsonNode c : clients) {
                if (c.get("client").asText().equals("android-4.4")) {
                    // the canned server answers with x25519, which Android 4.4 does not offer
                    assertThat(c.get("connected").asBoolean()).isFalse();
                    assertThat(c.get("note").asText()).contains("fallback", "x25519");
                    assertThat(c.get("hellos").asInt()).isEqualTo(2);
                }
                if (c.get("client").asText().equals("java-17")) {
                    assertThat(c.get("version").asText()).isEqualTo("TLSv1.3");
                }
            }
        }
    }

    @Test
    void anUnknownPolicyIsAUsageError() {
        assertThat(run("scan", "--policy", "nonsense", "127.0.0.1:1")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--policy: unknown policy 'nonsense'");
    }
}
