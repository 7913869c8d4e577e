package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.CannedResponder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random HTTP requests to a running {@code tlsweep serve} ({@link HttpFront} and the exporter's routes): every
 * method, paths and targets with control characters, percent-encoding, passwords, {@code expect-cert=}, huge
 * lines and headers, bad scrape timeouts, pipelined and truncated requests, raw garbage. Each gets a
 * well-formed answer that is not a 500 (no exception escaped), or a closed connection; no answer shows the
 * password of a target or of a header, or anything unprintable; and the server answers {@code /-/healthy} and {@code /metrics} after each.
 * Every target is an IP literal or {@code localhost}: no name is resolved outside the machine.
 */
class ServeRequestProperties {

    static final String SECRET = "S3cret-pw-4711";
    static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

    static Path dir;
    static CannedResponder server;
    static int closed;
    static ServeCommand.Running serve;
    static int port;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("tlsweep-serve-fuzz");
        server = CannedResponder.builder().version(0x0303, 0xC02F).start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path inventory = Files.writeString(dir.resolve("inventory.txt"), "127.0.0.1:" + closed + "\n");
        serve = ServeTest.Serve.start(inventory, "--allow", "127.0.0.1/32", "--max-concurrent-probes", "2",
                "--probe-timeout", "10s");
        port = serve.address().getPort();
        ServeTest.Serve.awaitReady(java.net.http.HttpClient.newHttpClient(), "http://127.0.0.1:" + port);
    }

    @AfterContainer
    static void stop() throws IOException {
        if (serve != null) {
            serve.close();
        }
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(dir.resolve("inventory.txt"));
        Files.deleteIfExists(dir);
    }

    static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    static String target(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "127.0.0.1:" + server.port();
            case 1 -> "127.0.0.1:" + closed;
            case 2 -> "https://admin:" + SECRET + "@127.0.0.1:" + closed + "/x";
            case 3 -> "https://admin:" + SECRET + "@10.1.2.3:443";
            case 4 -> "127.0.0.1:" + closed + " expect-cert=/etc/passwd";
            case 5 -> "localhost:" + closed + " sni=\u001b[2J.example";
            case 6 -> "[::ffff:127.0.0.1]:" + closed;
            case 7 -> "10.0.0." + r.nextInt(256) + ":" + r.nextInt(70000) + "\u202e\r\n\u0085x";
            case 8 -> "0x7f000001:" + closed;
            default -> "x".repeat(r.nextInt(9000)) + ":1";
        };
    }

    static String path(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "/metrics";
            case 1 -> "/-/healthy";
            case 2 -> "/-/ready";
            case 3 -> "/";
            case 4, 5, 9 -> "/probe?target=" + URLEncoder.encode(target(r), StandardCharsets.UTF_8)
                    + (r.nextInt(6) == 0 ? "&target=127.0.0.1:1" : "");
            case 6 -> "/probe?target=" + target(r).replace(" ", "%20").replace("\r\n", "%0d%0a");
            case 7 -> "/%1b%5b2J%0d%0a" + SECRET.substring(0, 3) + "/\u202e/" + "%".repeat(r.nextInt(3));
            default -> "/" + "a".repeat(r.nextInt(6000));
        };
    }

    static byte[] request(Random r) {
        if (r.nextInt(12) == 0) {
            byte[] junk = new byte[r.nextInt(3000)];
            r.nextBytes(junk);
            return junk;
        }
        StringBuilder b = new StringBuilder();
        b.append(r.nextInt(3) > 0 ? "GET" : pick(r, "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "BREW",
                "G\u001bET"))
                .append(' ').append(path(r)).append(' ').append(r.nextInt(8) > 0 ? "HTTP/1.1" : pick(r, "HTTP/1.0", "HTTP/2.0",
                        "HTTP/9"))
                .append("\r\n");
        b.append("Host: 127.0.0.1\r\n");
        int headers = r.nextInt(3);
        for (int i = 0; i < headers; i++) {
            b.append(switch (r.nextInt(7)) {
                case 0 -> "X-Prometheus-Scrape-Timeout-Seconds: " + pick(r, "10", "0", "-5", "NaN", "1e308", "Infinity",
                        "abc", "0.0001") + "\r\n";
                case 1 -> "Accept: " + pick(r, "application/openmetrics-text; version=1.0.0", "*/*", "\u001b[2J") + "\r\n";
                case 2 -> "X-Junk: " + "j".repeat(r.nextInt(10_000)) + "\r\n";
                case 3 -> "Content-Length: " + pick(r, "5", "-1", "99999999", "abc") + "\r\n";
                case 4 -> "Transfer-Encoding: chunked\r\n";
                case 5 -> "Connection: " + pick(r, "close", "keep-alive", "upgrade") + "\r\n";
                default -> "Authorization: Basic " + SECRET + "\r\n";
            });
        }
        b.append(pick(r, "Connection: close\r\n", "", ""));
        b.append("\r\n");
        if (r.nextInt(4) == 0) {
            b.append(pick(r, "hello", "0\r\n\r\n", "zz\r\n", "x".repeat(r.nextInt(20_000))));
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(10) == 0) {
            bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length + 1)); // cut short
        }
        return bytes;
    }

    /**
     * Sends the bytes, ends the request side (as {@code printf ... | nc} does), reads until the server closes or
     * goes quiet, and returns what came back.
     */
    static String exchange(byte[] request, int quietMillis) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(quietMillis);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                s.shutdownOutput();
            } catch (IOException reset) {
                // the server may close a connection whose request is too large before reading it all
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException quiet) {
                // a keep-alive connection: what came back is all there is
            } catch (IOException reset) {
                // reset after the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    @Property(tries = 150)
    void randomRequestsGetWellFormedAnswersWithoutLeaksAndTheServerStaysUp(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        byte[] request = request(r);
        if (r.nextInt(6) == 0) {
            request = concat(request, request(r)); // pipelined
        }
        String answer = exchange(request, 15_000);
        assertThat(answer).doesNotContain(SECRET);
        // One answer per request read (pipelined requests get one each), each a status, headers and a body.
        String rest = answer;
        while (!rest.isEmpty()) {
            Matcher m = STATUS.matcher(rest);
            assertThat(m.find()).as("a status line: %s", rest.length() > 200 ? rest.substring(0, 200) : rest).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as(rest).isIn(200, 400, 403, 404, 405, 413, 429, 431, 503);
            int end = rest.indexOf("\r\n\r\n");
            assertThat(end).as(rest).isPositive();
            String head = rest.substring(0, end).toLowerCase(java.util.Locale.ROOT);
            Matcher length = Pattern.compile("content-length: (\\d+)").matcher(head);
            assertThat(length.find()).as(head).isTrue();
            byte[] after = rest.substring(end + 4).getBytes(StandardCharsets.UTF_8);
            // A HEAD answer has its length but no body: the next answer follows at once.
            boolean noBody = rest.substring(end + 4).startsWith("HTTP/1.1 ");
            int n = noBody ? 0 : Math.min(after.length, Integer.parseInt(length.group(1)));
            if (head.contains("content-type: text/plain")) {
                HostileOutput.assertTerminalSafe(new String(after, 0, n, StandardCharsets.UTF_8));
            }
            rest = new String(after, n, after.length - n, StandardCharsets.UTF_8);
        }
        for (String path : List.of("/-/healthy", "/metrics")) {
            String again = exchange(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), 15_000);
            assertThat(again).as(path).startsWith("HTTP/1.1 200 ");
            assertThat(again).doesNotContain(SECRET);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
