package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.CannedResponder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve picks up a changed inventory without a restart, and drops endpoints no longer in it. */
class ServeReloadTest {

    @Test
    void aChangedInventoryIsSweptAndRemovedEndpointsVanish(@TempDir Path dir) throws Exception {
        try (CannedResponder a = CannedResponder.builder().version(0x0303, 0xC02F).start();
                CannedResponder b = CannedResponder.builder().version(0x0301, 0xC013).start()) {
            Path inventory = dir.resolve("inventory.txt");
            String ta = "127.0.0.1:" + a.port();
            String tb = "127.0.0.1:" + b.port();
            Files.writeString(inventory, ta + "\n");
            HttpClient http = HttpClient.newHttpClient();
            try (ServeCommand.Running serve = ServeTest.Serve.start(inventory)) {
                String base = "http://127.0.0.1:" + serve.address().getPort();
                ServeTest.Serve.awaitReady(http, base);
                assertThat(metrics(http, base)).contains("target=\"" + ta + "\"");
                Files.writeString(inventory, "# replaced\n" + tb + "\n");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                String text = metrics(http, base);
                while (System.nanoTime() < deadline && !(text.contains("target=\"" + tb + "\"")
                        && !text.contains("target=\"" + ta + "\""))) {
                    Thread.sleep(100);
                    text = metrics(http, base);
                }
                assertThat(text).contains("target=\"" + tb + "\"").doesNotContain("target=\"" + ta + "\"");
                assertThat(text).contains("tlsweep_inventory_loads_total{result=\"ok\"} 2");
            }
        }
    }

    @Test
    void sighupReloadsTheInventoryAtOnce(@TempDir Path dir) throws Exception {
        try (CannedResponder a = CannedResponder.builder().version(0x0303, 0xC02F).start();
                CannedResponder b = CannedResponder.builder().version(0x0301, 0xC013).start()) {
            Path inventory = dir.resolve("inventory.txt");
            String ta = "127.0.0.1:" + a.port();
            String tb = "127.0.0.1:" + b.port();
            Files.writeString(inventory, ta + "\n");
            ServeCommand cmd = new ServeCommand();
            // The file is polled only hourly here: only the signal can make serve see the change.
            new picocli.CommandLine(cmd).parseArgs("--inventory", inventory.toString(), "--listen", "127.0.0.1:0",
                    "--interval", "1h", "--poll", "1h", "--timeout", "2");
            java.io.StringWriter log = new java.io.StringWriter();
            HttpClient http = HttpClient.newHttpClient();
            try (ServeCommand.Running serve = cmd.start(new java.io.PrintWriter(log, true))) {
                // Without a handler SIGHUP would end the JVM: raise it only when serve installed one.
                org.junit.jupiter.api.Assumptions.assumeFalse(log.toString().contains("no SIGHUP handling"),
                        "this JVM offers no signal handling");
                String base = "http://127.0.0.1:" + serve.address().getPort();
                ServeTest.Serve.awaitReady(http, base);
                Files.writeString(inventory, tb + "\n");
                sun.misc.Signal.raise(new sun.misc.Signal("HUP"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                String text = metrics(http, base);
                while (System.nanoTime() < deadline && !text.contains("target=\"" + tb + "\"")) {
                    Thread.sleep(100);
                    text = metrics(http, base);
                }
                assertThat(text).contains("target=\"" + tb + "\"").doesNotContain("target=\"" + ta + "\"");
            }
        }
    }

    private static String metrics(HttpClient http, String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
