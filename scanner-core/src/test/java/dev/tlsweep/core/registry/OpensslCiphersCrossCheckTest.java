package dev.tlsweep.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every code point the local OpenSSL knows must be in the registry under the same OpenSSL name. */
class OpensslCiphersCrossCheckTest {

    private static List<String> run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("openssl is not installed: " + e.getMessage());
            throw e;
        }
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process died; the exit status below reports it
            }
        });
        reader.start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 20 s");
        }
        reader.join(5_000);
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private static void check(List<String> output) {
        SoftAssertions soft = new SoftAssertions();
        List<String> seen = new ArrayList<>();
        for (String raw : output) {
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            String[] bytes = f[0].split(",");
            int code = 0;
            for (String b : bytes) {
                code = (code << 8) | Integer.parseInt(b.substring(2), 16);
            }
            String name = f[2];
            seen.add(name);
            int c = code;
            soft.assertThat(CipherSuites.byCode(code)).as("0x%04X %s", code, name)
                    .hasValueSatisfying(s -> assertThat(s.opensslName()).as("OpenSSL name of 0x%04X", c).isEqualTo(name));
        }
        soft.assertAll();
        assertThat(seen).isNotEmpty();
    }

    @Test
    void everySuiteOpensslListsIsKnownUnderTheSameName() throws Exception {
        List<String> out = run("openssl", "ciphers", "-V", "ALL:COMPLEMENTOFALL:@SECLEVEL=0");
        check(out);
        assertThat(out.size()).isGreaterThan(50);
    }

    @Test
    void everyTls13SuiteOpensslListsIsKnownUnderTheSameName() throws Exception {
        List<String> out = run("openssl", "ciphers", "-V", "-s", "-tls1_3");
        check(out);
        for (String line : out) {
            if (!line.isBlank()) {
                String code = line.trim().split("\\s+")[0];
                int v = Integer.parseInt(code.replace("0x", "").replace(",", ""), 16);
                assertThat(CipherSuites.byCode(v).orElseThrow().isTls13Only()).isTrue();
            }
        }
    }
}
