package dev.tlsweep.bench.report;

import dev.tlsweep.core.diff.Drift;
import dev.tlsweep.core.policy.BaselineFindings;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.render.export.CsvExport;
import dev.tlsweep.core.render.export.JunitExport;
import dev.tlsweep.core.render.export.SarifExport;
import dev.tlsweep.core.render.html.HtmlReport;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateCapture;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.KeyExchangeParams;
import dev.tlsweep.core.report.OpenSslVerdict;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.ReportFiles;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.ReportSource;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.core.report.Severity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What rendering a large sweep costs, for BENCHMARKS.md: synthesizes N lab-farm-like reports (versions TLS 1.0 to
 * 1.3 drawn as the farm draws them, with up to 8 suites each, the baseline findings, one RSA chain of a unique
 * leaf and a shared intermediate per endpoint, 5% of endpoints refused), writes them as JSON lines, then times
 * what {@code tlsweep report} does with that file: the HTML page, CSV, SARIF and JUnit, each read from the file
 * (two passes where the format needs them), and a diff against a second sweep. Each rendering runs three times in
 * one JVM (the first is cold). Run from the shaded jar:
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.tlsweep.bench.report.ReportHarness 10000 /tmp/report-bench</pre>
 */
public final class ReportHarness {

    private static final int[][] SUITES = {
        {0xC013, 0xC014, 0x002F, 0x0035, 0x000A, 0x0005},                          // TLS 1.0
        {0xC013, 0xC014, 0x002F, 0x0035, 0x000A},                                  // TLS 1.1
        {0xC02F, 0xC030, 0xCCA8, 0xC027, 0xC028, 0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035, 0x000A}, // TLS 1.2
        {0x1301, 0x1302, 0x1303},                                                  // TLS 1.3
    };

    private ReportHarness() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/report-bench"));
        Path sweep = dir.resolve("sweep.jsonl");
        Path next = dir.resolve("sweep-next.jsonl");
        write(sweep, n, 1, false);
        write(next, n, 1, true);
        System.out.printf("%d reports: %s, %.1f MiB of JSON lines%n", n, sweep, Files.size(sweep) / 1048576.0);
        ReportSource source = ReportSource.files(List.of(sweep));
        for (int round = 1; round <= 3; round++) {
            long r0 = System.nanoTime();
            long[] count = {0};
            source.forEach((r, line) -> count[0]++);
            System.out.printf("  %-6s %7.2f s  (%d reports read back, no rendering)%n", "read", (System.nanoTime() - r0) / 1e9,
                    count[0]);
            System.out.printf("round %d%n", round);
            time("HTML", dir.resolve("report.html"), w -> HtmlReport.write(source, new HtmlReport.Options(
                    "benchmark", Instant.now(), List.of(sweep.getFileName().toString()), null, null), w));
            time("CSV", dir.resolve("report.csv"), w -> CsvExport.write(source, w));
            time("SARIF", dir.resolve("report.sarif"), w -> SarifExport.write(source, "inventory.txt", w));
            time("JUnit", dir.resolve("report.xml"), w -> JunitExport.write(source, Severity.MEDIUM, w));
            long t0 = System.nanoTime();
            Drift d = Drift.between(ReportFiles.readAll(sweep).reports(), ReportFiles.readAll(next).reports());
            System.out.printf("  %-6s %7.2f s  (%d endpoints changed, %d worse)%n", "diff",
                    (System.nanoTime() - t0) / 1e9, d.differences().size(), d.worseCount());
            long t1 = System.nanoTime();
            List<EndpointReport> now = ReportFiles.readAll(next).reports();
            Drift base = Drift.between(ReportFiles.readAll(sweep).reports(), now);
            time("HTML+baseline", dir.resolve("report-baseline.html"), w -> HtmlReport.write(ReportSource.of(now),
                    new HtmlReport.Options("benchmark", Instant.now(), List.of("next"), base, "sweep"), w), t1);
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf("heap used at the end: %.0f MiB (max %.0f MiB)%n",
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.maxMemory() / 1048576.0);
    }

    private interface Render {
        void to(Writer w) throws IOException;
    }

    private static void time(String name, Path file, Render r) throws IOException {
        time(name, file, r, System.nanoTime());
    }

    private static void time(String name, Path file, Render r, long t0) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 64 * 1024)) {
            r.to(w);
        }
        System.out.printf("  %-6s %7.2f s  %6.2f MiB  %s%n", name, (System.nanoTime() - t0) / 1e9,
                Files.size(file) / 1048576.0, file);
    }

    /** N reports; {@code drifted}: the same endpoints a week later, some changed (TLS 1.0 on, rotated leaves). */
    private static void write(Path file, int n, long seed, boolean drifted) throws IOException {
        Random random = new Random(seed);
        Random drift = new Random(seed + 1);
        Instant now = Instant.parse("2026-11-23T12:00:00Z").plusSeconds(drifted ? 7 * 86_400 : 0);
        CertificateInfo root = cert(random, "CN=tlsweep lab root", "CN=tlsweep lab root", 3600, true);
        CertificateInfo intermediate = cert(random, "CN=tlsweep lab intermediate", "CN=tlsweep lab root", 1800, false);
        Provenance made = Provenance.of(Map.of("protocols", "all", "timeout", "5s"),
                new Provenance.TrustStore("system (cacerts)", 146, "ab".repeat(32)));
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 0; i < n; i++) {
                String host = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
                String target = "host" + i + ".example.test:443";
                boolean changes = drifted && drift.nextInt(20) == 0;
                EndpointReport r;
                if (random.nextInt(20) == 0) {
                    r = EndpointReport.unscanned(target, "host" + i + ".example.test", 443, host, "host" + i
                            + ".example.test", ScanStatus.REFUSED, "connection refused by " + host + ":443", now, 3, 1);
                } else {
                    List<ProtocolReport> protocols = new ArrayList<>();
                    for (int v = 0; v < 4; v++) {
                        ProtocolVersion version = ProtocolVersion.values()[2 + v];
                        boolean on = random.nextInt(3) > 0;
                        List<Integer> pool = new ArrayList<>();
                        for (int s : SUITES[v]) {
                            pool.add(s);
                        }
                        Collections.shuffle(pool, random);
                        int count = 1 + random.nextInt(Math.min(8, pool.size()));
                        boolean preference = random.nextBoolean();
                        if (!on && !(changes && v == 0)) {
                            protocols.add(ProtocolReport.refused(version, ProbeRun.completed(40, 2)));
                            continue;
                        }
                        List<AcceptedSuite> suites = new ArrayList<>();
                        for (int s : pool.subList(0, count)) {
                            var suite = CipherSuites.byCode(s).orElseThrow();
                            suites.add(new AcceptedSuite(suite, suite.has(dev.tlsweep.core.registry.Flag.FORWARD_SECRECY)
                                    ? new KeyExchangeParams("x25519", 255) : null));
                        }
                        protocols.add(new ProtocolReport(version, ProbeRun.completed(120, suites.size() + 3), true,
                                suites.size() > 1 ? preference : null, suites, null));
                    }
                    boolean rotated = changes && drift.nextBoolean();
                    CertificateInfo leaf = cert(random, "CN=host" + i + ".example.test", intermediate.subject(),
                            5 + random.nextInt(120), false);
                    if (rotated) {
                        leaf = cert(drift, leaf.subject(), leaf.issuer(), 200, false);
                    }
                    List<CertificateInfo> served = List.of(leaf, intermediate);
                    boolean complete = random.nextInt(10) > 0;
                    ChainReport chain = new ChainReport(complete ? served : List.of(leaf), List.of(leaf, intermediate, root),
                            complete, true, !complete, true, OpenSslVerdict.of(complete ? 0 : 20, 0), List.of(), null);
                    List<Finding> findings = new ArrayList<>(BaselineFindings.judge(protocols));
                    if (!complete) {
                        findings.add(new Finding(FindingCode.CHAIN_INCOMPLETE, Severity.HIGH, "The chain is incomplete:"
                                + " the intermediate that issued 'host" + i + ".example.test' (issuer 'tlsweep lab"
                                + " intermediate') is not served", FindingCode.CHAIN_INCOMPLETE.fix(),
                                List.of(leaf.sha256())));
                    }
                    if (leaf.daysLeft() <= 30) {
                        findings.add(new Finding(FindingCode.CERT_EXPIRES_SOON, leaf.daysLeft() <= 7 ? Severity.HIGH
                                : Severity.MEDIUM, "The certificate 'host" + i + ".example.test' expires in "
                                + leaf.daysLeft() + " days", FindingCode.CERT_EXPIRES_SOON.fix(), List.of(leaf.sha256())));
                    }
                    findings.sort(EndpointReport.MOST_SEVERE_FIRST);
                    ServedChain der = new ServedChain("RSA", ProtocolVersion.TLSv1_2, 0xC02F, List.of(new byte[600],
                            new byte[900]), false, null);
                    r = EndpointReport.builder(target, "host" + i + ".example.test", 443).ip(host)
                            .sni("host" + i + ".example.test").protocols(protocols)
                            .served(new CertificateCapture(List.of(der), null)).chains(List.of(chain)).findings(findings)
                            .startedAt(now.plusMillis(i)).durationMillis(300 + random.nextInt(900))
                            .hellosSent(20 + random.nextInt(30)).build();
                }
                w.write(ReportJson.toLine(r.toBuilder().provenance(made).build()));
                w.write('\n');
            }
        }
    }

    private static CertificateInfo cert(Random random, String subject, String issuer, long days, boolean selfIssued) {
        byte[] sha = new byte[32];
        random.nextBytes(sha);
        byte[] serial = new byte[8];
        random.nextBytes(serial);
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        return new CertificateInfo(subject, issuer, HexFormat.of().formatHex(serial), HexFormat.of().formatHex(sha),
                HexFormat.of().formatHex(sha).substring(0, 32) + "00".repeat(16), now.minusSeconds(86_400L * 30),
                now.plusSeconds(86_400L * days), days, "RSA", 2048, null, "SHA256withRSA",
                List.of(subject.substring(3)), List.of(), selfIssued, selfIssued || subject.contains("intermediate"),
                List.of());
    }
}
