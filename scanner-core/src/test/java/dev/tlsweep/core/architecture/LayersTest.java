package dev.tlsweep.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The layers of scanner-core, from the bottom up, and what each may use (docs/ARCHITECTURE.md draws them):
 *
 * <pre>
 * sweep                       streams inventories through the scanner into sinks
 * sink                        where reports go: files, stdout, terminal, summary, metrics, fixed chains, exit code
 * metrics  summary  render    views of reports: Prometheus, counts, terminal text, HTML, CSV, SARIF, JUnit
 * diff                        drift between two sweeps: a pure function of two sets of reports
 * scan                        the one orchestrator: target → probes → chain analysis → judges → report
 * policy                      judges: pure functions of a report (no network)
 * probe    chain              the questions asked of a server; the analysis of what it served (AIA through the engine)
 * report                      the result records and their JSON: imports nothing above it
 * quic                        QUIC packets and the client's side of its handshake, over the TLS bytes of wire
 * registry wire engine inventory   data, bytes, connections, targets
 * input                       hostile input: bounded reads, text made printable (used by every layer)
 * reach                       how TLS is reached: transports, upgrade protocols and their pure preambles
 * </pre>
 */
class LayersTest {

    private static final String CORE = "dev.tlsweep.core";

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(CORE);

    /** The layers and who may use whom; a package may use the packages its layer lists, and itself. */
    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("reach").definedBy(CORE + ".reach..")
                .layer("input").definedBy(CORE + ".input..")
                .layer("registry").definedBy(CORE + ".registry..")
                .layer("wire").definedBy(CORE + ".wire..")
                .layer("quic").definedBy(CORE + ".quic..")
                .layer("engine").definedBy(CORE + ".engine..")
                .layer("inventory").definedBy(CORE + ".inventory..")
                .layer("report").definedBy(CORE + ".report..")
                .layer("chain").definedBy(CORE + ".chain..")
                .layer("probe").definedBy(CORE + ".probe..")
                .layer("policy").definedBy(CORE + ".policy..")
                .layer("scan").definedBy(CORE + ".scan..")
                .layer("metrics").definedBy(CORE + ".metrics..")
                .layer("summary").definedBy(CORE + ".summary..")
                .layer("diff").definedBy(CORE + ".diff..")
                .layer("render").definedBy(CORE + ".render..")
                .layer("sink").definedBy(CORE + ".sink..")
                .layer("sweep").definedBy(CORE + ".sweep..")
                .whereLayer("input").mayNotAccessAnyLayer()
                .whereLayer("reach").mayOnlyAccessLayers("input")
                .whereLayer("registry").mayOnlyAccessLayers("input")
                .whereLayer("engine").mayOnlyAccessLayers("input", "reach")
                .whereLayer("inventory").mayOnlyAccessLayers("input", "reach")
                .whereLayer("wire").mayOnlyAccessLayers("registry", "input", "reach")
                .whereLayer("quic").mayOnlyAccessLayers("wire", "registry", "input", "reach")
                .whereLayer("report").mayOnlyAccessLayers("registry", "input", "reach")
                .whereLayer("chain").mayOnlyAccessLayers("engine", "report", "registry", "input", "reach")
                .whereLayer("probe").mayOnlyAccessLayers("engine", "quic", "wire", "registry", "report", "input", "reach")
                .whereLayer("policy").mayOnlyAccessLayers("chain", "inventory", "registry", "report", "input", "reach")
                .whereLayer("scan").mayOnlyAccessLayers("probe", "chain", "policy", "engine", "quic", "inventory", "registry",
                        "report", "wire", "input", "reach")
                .whereLayer("metrics").mayOnlyAccessLayers("scan", "probe", "engine", "registry", "report", "input",
                        "reach")
                .whereLayer("summary").mayOnlyAccessLayers("report", "registry", "input", "reach")
                .whereLayer("diff").mayOnlyAccessLayers("report", "registry", "input", "reach")
                .whereLayer("render").mayOnlyAccessLayers("diff", "policy", "registry", "report", "input", "reach")
                .whereLayer("sink").mayOnlyAccessLayers("render", "diff", "summary", "metrics", "chain", "inventory",
                        "report", "registry", "input", "reach")
                .whereLayer("sweep").mayOnlyAccessLayers("sink", "scan", "engine", "inventory", "report", "input",
                        "reach");
    }

    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() {
        layers().check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching(CORE + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void judgesTouchNoNetworkAndReportsNoTlsLibrary() {
        noClasses().that().resideInAPackage(CORE + ".policy..").should().dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "java.net..", "javax.net..")
                .because("judges are pure functions of a report: the probes do all I/O")
                .check(MAIN);
        noClasses().that().resideInAPackage(CORE + ".report..").should().dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "org.bouncycastle..", "java.security.cert..")
                .because("the result model is plain data: DER bytes and text, not parsed certificates")
                .check(MAIN);
    }

    /** The rule catches an upward import: a report class that uses the scanner (a fixture, never shipped). */
    @Test
    void theRuleFailsWhenAReportClassImportsTheScanner() {
        JavaClasses withFixture = new ClassFileImporter().importPackages(CORE);
        assertThat(withFixture.contain("dev.tlsweep.core.report.UpwardImportFixture")).isTrue();
        assertThatThrownBy(() -> layers().check(withFixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("UpwardImportFixture")
                .hasMessageContaining("dev.tlsweep.core.scan.Scanner");
    }
}
