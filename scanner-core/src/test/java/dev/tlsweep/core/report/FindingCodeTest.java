package dev.tlsweep.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The finding catalogue {@link FindingCode}: docs/FINDINGS.md is its rendering, every code the scanner
 * raises is in it, and its texts follow one form.
 *
 * <p>When docs/FINDINGS.md differs from {@link FindingsDoc#render()}, change the catalogue (not the file) and
 * regenerate the file by running this test with {@code -Dtlsweep.regenerate-docs=true}:
 * {@value FindingsDoc#REGENERATE_COMMAND}. With that property the test writes the file instead of failing.
 */
class FindingCodeTest {

    private static final Path DOC = Path.of("..", "docs", "FINDINGS.md");
    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");

    /** How a source file that makes findings shows it: findings, PEM problems, policy deviation kinds. */
    private static final Pattern MAKES_FINDINGS = Pattern.compile("new Finding\\(|new Problem\\(|record Deviation\\(");
    private static final Pattern UPPER_CASE_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9_]+)\"");
    /** Upper-case literals in those files that are not codes: PEM labels and key or digest names. */
    private static final Set<String> NOT_CODES = Set.of("BEGIN", "END", "CERTIFICATE", "ENCRYPTED",
            "RSA", "DSA", "EC", "ECDSA", "MD");
    /** Deployment reasons of deploy-rules.tsv, documented by hand in FINDINGS.md, are not findings. */
    private static final String NOT_FINDINGS_PREFIX = "DEPLOY_";

    private static final Pattern REFERENCE = Pattern.compile("CWE-\\d+|CVE-\\d{4}-\\d+|RFC \\d+");

    @Test
    void docIsTheRenderedCatalogue() throws IOException {
        String rendered = FindingsDoc.render();
        if (Boolean.getBoolean("tlsweep.regenerate-docs")) {
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
            return;
        }
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(doc)
                .as("docs/FINDINGS.md is generated from FindingCode; change the catalogue and regenerate it with: %s",
                        FindingsDoc.REGENERATE_COMMAND)
                .isEqualTo(rendered);
    }

    @Test
    void everyCodeInTheSourcesIsCatalogued() throws IOException {
        Set<String> missing = new TreeSet<>();
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (!MAKES_FINDINGS.matcher(text).find()) {
                    continue;
                }
                scanned.add(file);
                Matcher m = UPPER_CASE_LITERAL.matcher(text);
                while (m.find()) {
                    String literal = m.group(1);
                    if (!NOT_CODES.contains(literal) && !literal.startsWith(NOT_FINDINGS_PREFIX)
                            && FindingCode.byCode(literal).isEmpty()) {
                        missing.add(literal + " (" + file.getFileName() + ")");
                    }
                }
            }
        }
        assertThat(scanned).as("files that make findings").isNotEmpty();
        assertThat(missing).as("codes raised in %s but not in FindingCode (add them, or to NOT_CODES if they are"
                + " no codes)", MAIN_SOURCES).isEmpty();
    }

    @Test
    void codesAreTheirNamesAndFoundByThem() {
        Set<String> codes = new HashSet<>();
        for (FindingCode c : FindingCode.values()) {
            assertThat(c.code()).isEqualTo(c.name());
            assertThat(codes.add(c.code())).as("unique %s", c).isTrue();
            assertThat(FindingCode.byCode(c.code())).contains(c);
        }
        assertThat(FindingCode.byCode("DEPLOY_NO_KEY")).isEmpty();
        assertThat(FindingCode.byCode("protocol_tls10")).isEmpty();
        assertThat(FindingCode.byCode(null)).isEmpty();
    }

    @Test
    void textsFollowOneForm() {
        Set<String> titles = new HashSet<>();
        for (FindingCode c : FindingCode.values()) {
            assertThat(c.title()).as("title of %s", c).endsWith(".").doesNotContain("\n");
            assertThat(titles.add(c.title())).as("title of %s is its own", c).isTrue();
            for (String optional : Arrays.asList(c.fix(), c.severityNote(), c.clientWords(), c.affected())) {
                if (optional != null) {
                    assertThat(optional).as("texts of %s", c).isNotBlank().doesNotContain("\n").doesNotEndWith(".");
                }
            }
            if (c.severityNote() != null) {
                assertThat(c.severityNote()).as("severity note of %s, shown in parentheses", c)
                        .doesNotStartWith(c.severity().label()).doesNotContain("(");
            }
            for (String reference : c.references()) {
                assertThat(reference).as("reference of %s", c).matches(REFERENCE);
            }
            assertThat(new HashSet<>(c.references())).as("references of %s", c).hasSameSizeAs(c.references());
        }
    }

    @Test
    void everySectionHasCodes() {
        for (FindingCode.Section s : FindingCode.Section.values()) {
            assertThat(s.codes()).as("%s", s).isNotEmpty().allMatch(c -> c.section() == s);
            assertThat(s.heading()).doesNotContain("\n");
            assertThat(s.intro()).isNotBlank();
        }
    }
}
