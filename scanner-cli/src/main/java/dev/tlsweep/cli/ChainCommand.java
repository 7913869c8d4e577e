package dev.tlsweep.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tlsweep.core.chain.ChainAnalyzer;
import dev.tlsweep.core.chain.ChainInputException;
import dev.tlsweep.core.chain.FullChainWriter;
import dev.tlsweep.core.chain.PemBundle;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.policy.deploy.DeployRules;
import dev.tlsweep.core.policy.deploy.DeploymentCheck;
import dev.tlsweep.core.policy.deploy.DeploymentVerdict;
import dev.tlsweep.core.policy.deploy.PemInputs;
import dev.tlsweep.core.policy.deploy.Platform;
import dev.tlsweep.core.render.ChainTerminalRenderer;
import dev.tlsweep.core.render.DeploymentRenderer;
import dev.tlsweep.core.render.TerminalLayout;
import dev.tlsweep.core.report.ChainJson;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlsweep chain}: the chain analysis and PEM hygiene on local files, for CI and before an upload. */
@Command(name = "chain", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Checks a certificate, its chain and key from local PEM files: order, completeness, trust, "
                + "name, validity, key, signature, PEM hygiene.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the chain is OK (no finding of severity medium or above)",
            "4:problems found (findings of severity medium or above), or a --target platform would reject "
                + "the files",
            "2:invalid command line or unreadable input (the message names the file)",
            "3:internal error, or an output (standard output, --fix-chain) could not be written"})
final class ChainCommand implements Callable<Integer> {

    /** Exit code: findings of severity medium or above. */
    static final int PROBLEMS = 4;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CERT.pem", description = "The server certificate (PEM).")
    Path cert;

    @Option(names = "--chain", paramLabel = "CHAIN.pem", description = "The intermediates, as they will be served (PEM).")
    Path chain;

    @Option(names = "--key", paramLabel = "KEY.pem", description = "The private key, checked against the certificate (PEM).")
    Path key;

    @Option(names = "--host", paramLabel = "NAME", description = "The name the certificate must cover.")
    String host;

    @Mixin
    ChainOptions chainOptions = new ChainOptions();

    @Option(names = "--json", description = "Print JSON: {certificates, findings}.")
    boolean json;

    @Mixin
    TerminalOptions terminal = new TerminalOptions();

    @Option(names = "--fix-chain", paramLabel = "DIR", description = "Write DIR/<cert name>/fullchain.pem when a "
            + "path to a trust anchor can be built.")
    Path fixChain;

    @Option(names = "--target", paramLabel = "PLATFORM", split = ",",
            description = "Would this platform accept the files? acm, iam, alb, nlb, clb (repeatable or "
                    + "comma-separated).")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (terminal.problem() != null) {
            err.println("tlsweep: " + terminal.problem());
            return Main.USAGE;
        }
        try {
            DeployRules rules = targets.isEmpty() ? null : DeployRules.load();
            List<Platform> platforms;
            try {
                platforms = rules == null ? List.of() : rules.select(targets);
            } catch (IllegalArgumentException e) {
                err.println("tlsweep: " + e.getMessage());
                return Main.USAGE;
            }
            List<Finding> findings = new ArrayList<>();
            PemBundle certFile = PemBundle.parse(cert);
            problems(certFile.problems(), findings);
            problems(certFile.checkSingleCertificate(), findings);
            if (certFile.certificates().isEmpty()) {
                // Nothing to analyse, but what is wrong with the file is the answer the user needs.
                err.println("tlsweep: " + Printable.cut(cert.toString(), 300) + ": no certificate in the file could be "
                        + "read");
                for (Finding f : findings) {
                    out.println(String.format(java.util.Locale.ROOT, "  %-8s %s  %s", f.severity().label(), f.code(),
                            Printable.of(f.message())));
                    if (f.fix() != null) {
                        out.println("           fix: " + Printable.of(f.fix()));
                    }
                }
                out.flush();
                if (out.checkError()) {
                    err.println("tlsweep: cannot write to standard output");
                    return Main.INTERNAL;
                }
                return findings.isEmpty() ? Main.USAGE : Main.NONCOMPLIANT;
            }
            List<X509Certificate> served = new ArrayList<>(certFile.certificates());
            X509Certificate leaf = served.get(0);
            PemBundle chainFile = null;
            PemBundle keyFile = null;
            if (chain != null) {
                chainFile = PemBundle.parse(chain);
                problems(chainFile.problems(), findings);
                problems(chainFile.checkChain(leaf), findings);
                served.addAll(chainFile.certificates());
            }
            if (key != null) {
                keyFile = PemBundle.parse(key);
                problems(keyFile.problems(), findings);
                problems(keyFile.checkKey(leaf), findings);
            }
            ChainOptions.Loaded trust = chainOptions.load();
            problems(trust.intermediateProblems(), findings);
            ChainAnalyzer analyzer = new ChainAnalyzer(trust.anchors(), trust.intermediates(), null, trust.policy(),
                    Clock.systemUTC(), Runnable::run);
            ChainReport report = analyzer.analyzeCertificates(served, host).get(30, TimeUnit.SECONDS);
            List<Finding> all = new ArrayList<>(report.findings());
            all.addAll(findings);
            List<DeploymentVerdict> verdicts = rules == null ? List.of()
                    : new DeploymentCheck(rules, Clock.systemUTC()).check(platforms,
                            new PemInputs(certFile, chainFile, keyFile), report);
            Path written = null;
            if (fixChain != null && report.fixedChain() != null) {
                try {
                    written = FullChainWriter.write(fixChain, cert.getFileName().toString()
                            .replaceFirst("\\.[^.]*$", ""), report);
                } catch (IOException e) {
                    err.println("tlsweep: --fix-chain " + Printable.cut(fixChain.toString(), 300) + ": cannot write "
                            + "fullchain.pem: " + ScanCommand.reason(e) + (e instanceof java.nio.file.FileSystemException f
                            && f.getFile() != null ? " (" + Printable.cut(f.getFile(), 300) + ")" : ""));
                    return Main.INTERNAL;
                }
            }
            if (json) {
                writeJson(report, all, verdicts, out);
            } else {
                boolean color = terminal.color();
                new TerminalLayout(terminal.width()).print(out, lines -> {
                    new ChainTerminalRenderer(color).render(report, all, "", lines);
                    if (!verdicts.isEmpty()) {
                        new DeploymentRenderer(color).render(verdicts, lines);
                    }
                });
                if (written != null) {
                    out.println("wrote " + Printable.cut(written.toString(), 300));
                } else if (fixChain != null) {
                    out.println("no fullchain.pem written: no path to a trust anchor could be built");
                }
            }
            out.flush();
            if (out.checkError()) {
                err.println("tlsweep: cannot write to standard output");
                return Main.INTERNAL;
            }
            boolean problems = all.stream().anyMatch(f -> f.severity().compareTo(Severity.MEDIUM) >= 0);
            boolean rejected = verdicts.stream().anyMatch(v -> !v.accepted());
            return problems || rejected ? PROBLEMS : Main.OK;
        } catch (ChainInputException | IllegalArgumentException e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.USAGE;
        } catch (IOException e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.USAGE;
        } catch (ExecutionException | TimeoutException e) {
            err.println("tlsweep: internal error: " + Printable.cut(String.valueOf(e), 500));
            return Main.INTERNAL;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.INTERNAL;
        }
    }

    private static void problems(List<PemBundle.Problem> problems, List<Finding> into) {
        for (PemBundle.Problem p : problems) {
            into.add(p.toFinding());
        }
    }

    private static void writeJson(ChainReport report, List<Finding> findings, List<DeploymentVerdict> verdicts,
            PrintWriter out) throws IOException {
        JsonGenerator g = JsonFactory.builder().build().createGenerator(out);
        g.writeStartObject();
        g.writeFieldName("certificates");
        ChainJson.write(report, g);
        g.writeArrayFieldStart("findings");
        for (Finding f : findings) {
            g.writeStartObject();
            g.writeStringField("code", f.code());
            g.writeStringField("severity", f.severity().label());
            g.writeStringField("message", f.message());
            g.writeStringField("fix", f.fix());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!verdicts.isEmpty()) {
            DeploymentRenderer.writeJson(verdicts, g);
        }
        g.writeEndObject();
        g.flush();
        out.println();
    }
}
