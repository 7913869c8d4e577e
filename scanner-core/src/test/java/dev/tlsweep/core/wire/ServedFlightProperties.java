package dev.tlsweep.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.input.HostileText;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.metrics.EndpointMetrics;
import dev.tlsweep.core.metrics.PrometheusText;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.render.TerminalReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.ReportReader;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.core.summary.Summary;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.TestPki;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The wire fuzzing ({@link WireFuzzProperties}) carried to the whole scanner: hostile server flights — random
 * bytes, mutated valid flights, plaintext with terminal escapes, Certificate messages whose entries are damaged
 * or name themselves with escapes — are served on loopback and scanned. No exception escapes the scanner, the
 * report reads back from its JSON, and its terminal rendering, summary and metrics hold nothing that could act
 * on a terminal beyond tlsweep's own colours.
 */
class ServedFlightProperties {

    private static final List<String> OWN_COLOURS = List.of("\u001B[0m", "\u001B[1m", "\u001B[2m", "\u001B[31m",
            "\u001B[32m", "\u001B[33m");
    private static final String ESCAPES = "\u001b[2J\u001b]0;owned\u0007\n  TLSv1.3  accepted\u202e\u2028";

    static ServerSocket raw;
    static Thread acceptor;
    static final AtomicReference<byte[]> ANSWER = new AtomicReference<>(new byte[0]);
    static ScanEngine engine;
    static Scanner scanner;
    static TestPki pki;
    static List<byte[]> hostileCertificates;

    @BeforeContainer
    static void start() throws Exception {
        raw = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        acceptor = new Thread(ServedFlightProperties::accept, "served-flights");
        acceptor.setDaemon(true);
        acceptor.start();
        engine = new ScanEngine(EngineConfig.defaults().withConnectTimeout(Duration.ofSeconds(2))
                .withReadTimeout(Duration.ofMillis(600)));
        scanner = Scanner.builder(engine).options(ScanOptions.defaults().withVersions(EnumSet.of(
                ProtocolVersion.SSLv3, ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3)))
                .build();
        pki = TestPki.create("lab\u001b[5m\r", dev.tlsweep.lab.KeyType.RSA_2048, dev.tlsweep.lab.KeyType.RSA_2048);
        hostileCertificates = new ArrayList<>();
        for (String cn : List.of(ESCAPES, "\u0000\u0085\u009b31m", "\u0000" + "y".repeat(60), "\ufeff\u200f\u2066zero width")) {
            IssuedCertificate c = pki.leaf("www.example.test").commonName(cn).issue();
            hostileCertificates.add(c.certificate().getEncoded());
        }
        hostileCertificates.add(pki.intermediate().certificate().getEncoded());
    }

    @AfterContainer
    static void stop() throws Exception {
        raw.close();
        acceptor.join(5000);
        engine.close();
    }

    /** Answers each connection with the current answer after its first bytes, then closes. */
    private static void accept() {
        while (!raw.isClosed()) {
            Socket s;
            try {
                s = raw.accept();
            } catch (IOException closed) {
                return;
            }
            byte[] answer = ANSWER.get();
            Thread t = new Thread(() -> {
                try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    s.setSoTimeout(2000);
                    in.read(new byte[16 * 1024]);
                    out.write(answer);
                    out.flush();
                    s.shutdownOutput();
                    while (in.read(new byte[4096]) >= 0) {
                        // until the scanner closes
                    }
                } catch (IOException done) {
                    // reset or timed out: the scanner's business
                }
            }, "served-flight");
            t.setDaemon(true);
            t.start();
        }
    }

    static byte[] flight(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> {
                byte[] b = new byte[r.nextInt(700)];
                r.nextBytes(b);
                yield b;
            }
            case 1 -> WireFuzzProperties.mutate(Flights.tls12Flight(), r.nextLong(), 1 + r.nextInt(5));
            case 2 -> WireFuzzProperties.mutate(Flights.tls13Flight(), r.nextLong(), 1 + r.nextInt(5));
            case 3 -> ("HTTP/1.1 400 " + ESCAPES + "\r\nServer: " + ESCAPES + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            case 4 -> Flights.alert(2, r.nextInt(256));
            default -> {
                List<byte[]> entries = new ArrayList<>();
                for (int i = 0; i < 1 + r.nextInt(4); i++) {
                    byte[] c = hostileCertificates.get(r.nextInt(hostileCertificates.size()));
                    entries.add(r.nextInt(4) == 0 ? WireFuzzProperties.mutate(c, r.nextLong(), 1 + r.nextInt(3)) : c);
                }
                yield Flights.concat(Flights.handshakeRecord(Flights.serverHello12(0xC02F)),
                        Flights.handshakeRecord(Flights.certificate(entries), Flights.ecdheSke(0x0017, 65),
                                Flights.serverHelloDone()));
            }
        };
    }

    @Property(tries = 40)
    void hostileFlightsEndInAReportThatRendersSafely(@ForAll long seed) throws Exception {
        ANSWER.set(flight(new Random(seed)));
        EndpointReport r = scanner.scan(TargetParser.parse("127.0.0.1:" + raw.getLocalPort()
                + " sni=www.example.test")).get(60, TimeUnit.SECONDS);
        assertSafe(r);
    }

    @Property(tries = 15)
    void hostileChainsFromANegotiatingServerEndInAReportThatRendersSafely(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        List<byte[]> chain = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(4); i++) {
            byte[] c = hostileCertificates.get(r.nextInt(hostileCertificates.size()));
            chain.add(r.nextInt(3) == 0 ? WireFuzzProperties.mutate(c, r.nextLong(), 1 + r.nextInt(4)) : c);
        }
        chain.removeIf(c -> c.length == 0);
        if (chain.isEmpty()) {
            chain.add(hostileCertificates.get(0));
        }
        try (CannedResponder server = CannedResponder.builder().version(0x0303, 0xC02F, 0xC013)
                .version(0x0301, 0xC013).certificateChain(chain).start()) {
            assertSafe(scanner.scan(TargetParser.parse("127.0.0.1:" + server.port() + " sni=www.example.test"))
                    .get(60, TimeUnit.SECONDS));
        }
    }

    static void assertSafe(EndpointReport r) throws Exception {
        String json = ReportJson.toLine(r);
        assertThat(ReportJson.toLine(ReportReader.readLine(json).report())).isEqualTo(json);
        dev.tlsweep.core.report.ReportSchema.check(json);
        for (boolean colour : new boolean[] {false, true}) {
            StringWriter terminal = new StringWriter();
            new TerminalReport(colour).render(r, new PrintWriter(terminal));
            String text = terminal.toString();
            for (String own : OWN_COLOURS) {
                text = text.replace(own, "");
            }
            for (String line : text.split("\n")) {
                HostileText.assertPrintable(line);
            }
        }
        Summary s = new Summary();
        s.add(r);
        for (String line : s.toText().split("\n")) {
            HostileText.assertPrintable(line);
        }
        EndpointMetrics metrics = new EndpointMetrics(true);
        metrics.update(r);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(metrics);
        assertThat(PrometheusText.render(registry, null).body()).isNotEmpty();
    }
}
