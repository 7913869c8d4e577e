package dev.tlsweep.cli;

import dev.tlsweep.core.chain.ChainAnalyzer;
import dev.tlsweep.core.chain.ChainPolicy;
import dev.tlsweep.core.chain.TrustAnchors;
import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Expected;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.reach.Transport;
import dev.tlsweep.core.render.TerminalReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.PreambleFront;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.lab.TlsProvider;
import java.io.PrintWriter;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tlsweep demo}: starts a handful of local endpoints with known configurations on loopback and
 * scans them, so the whole product can be seen working on a machine without a network.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Starts misconfigured TLS endpoints on 127.0.0.1 and scans them.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON lines instead of the terminal report.")
    boolean json;

    @picocli.CommandLine.Mixin
    TerminalOptions terminal = new TerminalOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (terminal.problem() != null) {
            spec.commandLine().getErr().println("tlsweep: " + terminal.problem());
            return Main.USAGE;
        }
        List<AutoCloseable> servers = new ArrayList<>();
        try {
            TestPki pki = TestPki.create();
            IssuedCertificate rsa = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
            List<Target> targets = new ArrayList<>();

            LabServer modern = LabServer.builder().provider(TlsProvider.BORINGSSL)
                    .protocols("TLSv1.2", "TLSv1.3")
                    .ciphers("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")
                    .serverPreference(true).certificate(rsa).start();
            servers.add(modern);
            targets.add(target("modern", modern.port()));

            CannedResponder legacy = CannedResponder.builder()
                    .version(0x0301, 0xC014, 0xC013, 0x0035, 0x002F, 0x000A)
                    .version(0x0302, 0xC014, 0xC013, 0x0035, 0x002F, 0x000A)
                    .version(0x0303, 0xC030, 0xC02F, 0xC028, 0xC027, 0xC014, 0xC013, 0x009D, 0x009C, 0x003D,
                            0x003C, 0x0035, 0x002F, 0x000A)
                    .serverPreference(true).certificateChain(der(rsa.fullChain())).start();
            servers.add(legacy);
            targets.add(target("legacy", legacy.port()));

            LabServer tls13 = LabServer.builder().provider(TlsProvider.BORINGSSL)
                    .protocols("TLSv1.3").certificate(rsa).start();
            servers.add(tls13);
            targets.add(target("tls13-only", tls13.port()));

            LabServer leafOnly = LabServer.builder().provider(TlsProvider.BORINGSSL)
                    .protocols("TLSv1.2", "TLSv1.3").certificate(rsa).servedChain(List.of()).start();
            servers.add(leafOnly);
            targets.add(target("leaf-only", leafOnly.port()));

            CannedResponder ancient = CannedResponder.builder()
                    .version(0x0002, 0x0700C0, 0x010080, 0x020080)
                    .version(0x0300, 0x0005, 0x0004, 0x000A, 0x0003, 0x0018)
                    .version(0x0301, 0x0005, 0x000A, 0x0003)
                    .serverPreference(false).certificateChain(der(rsa.fullChain())).start();
            servers.add(ancient);
            targets.add(target("ancient", ancient.port()));

            // A mail server: SMTP's plaintext greeting and STARTTLS (scripted) before a real TLS server.
            LabServer mailTls = LabServer.builder().provider(TlsProvider.BORINGSSL)
                    .protocols("TLSv1.2", "TLSv1.3").certificate(rsa).start();
            servers.add(mailTls);
            PreambleFront mail = PreambleFront.start(mailTls.address(), PreambleFront.Script.smtp());
            servers.add(mail);
            targets.add(new Target("mail (smtp://127.0.0.1:" + mail.port() + ")", "127.0.0.1", mail.port(),
                    "localhost", Expected.NONE, Transport.TCP, Starttls.SMTP));

            // Only the reports go to stdout with --json (demo --json | jq works); the banner is a message.
            PrintWriter banner = json ? spec.commandLine().getErr() : out;
            banner.println("tlsweep demo: " + targets.size() + " endpoints on 127.0.0.1 with known configurations");
            banner.println();
            banner.flush();
            EngineConfig config = EngineConfig.defaults().withConnectTimeout(Duration.ofSeconds(2))
                    .withReadTimeout(Duration.ofSeconds(2));
            TerminalReport renderer = new TerminalReport(terminal.color(), terminal.width());
            try (ScanEngine engine = new ScanEngine(config)) {
                // The lab's root stands in for a public CA: trusted here as --ca-file would make it.
                TrustAnchors anchors = TrustAnchors.system().plus(TrustAnchors.of(List.of(pki.root())));
                ChainAnalyzer analyzer = new ChainAnalyzer(anchors, List.of(), null, ChainPolicy.defaults(),
                        Clock.systemUTC());
                Provenance provenance = Provenance.of(Map.of("demo", "true", "timeout", "2s", "protocols", "all"),
                        new Provenance.TrustStore("system + the demo's lab root", anchors.all().size(),
                                anchors.sha256()));
                Scanner scanner = Scanner.builder(engine).analyzer(analyzer).provenance(provenance).build();
                List<CompletableFuture<EndpointReport>> running = targets.stream().map(scanner::scan).toList();
                for (CompletableFuture<EndpointReport> f : running) {
                    EndpointReport r = f.join();
                    if (json) {
                        out.println(ReportJson.toLine(r));
                    } else {
                        renderer.render(r, out);
                    }
                    out.flush();
                }
            }
            return Main.OK;
        } finally {
            for (AutoCloseable s : servers) {
                s.close();
            }
        }
    }

    private static Target target(String name, int port) {
        return new Target(name + " (127.0.0.1:" + port + ")", "127.0.0.1", port, "localhost");
    }

    private static List<byte[]> der(List<X509Certificate> chain) throws CertificateEncodingException {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            out.add(c.getEncoded());
        }
        return out;
    }
}
