package dev.tlsweep.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The layout every terminal section goes through: nothing wider than the width, nothing lost, colours kept. */
class TerminalLayoutTest {

    private final TerminalLayout eighty = new TerminalLayout(80);

    @Test
    void aFindingContinuesUnderItsCode() {
        String line = "    high     CHAIN_INCOMPLETE  " + "word ".repeat(40).strip();
        List<String> out = eighty.wrap(line);
        assertThat(out).hasSizeGreaterThan(1).allMatch(l -> l.length() <= 80);
        assertThat(out.subList(1, out.size())).allMatch(l -> l.startsWith("             word"));
    }

    @Test
    void aLabelledListContinuesAfterItsLabel() {
        List<String> out = eighty.wrap("    signature algorithms: " + "rsa_pss_rsae_sha256, ".repeat(6).strip());
        assertThat(out.get(1)).startsWith(" ".repeat(26) + "rsa_pss");
    }

    @Test
    void treeLinesContinueTheTree() {
        List<String> out = eighty.wrap("    ├─ #0     CN=localhost " + "x".repeat(30) + " " + "y".repeat(30));
        assertThat(out.get(1)).startsWith("    │");
        assertThat(eighty.wrap("    └─ #0     " + "x ".repeat(50)).get(1)).startsWith("       ");
    }

    @Test
    void aLongHashHangsLessRatherThanBeingCut() {
        String jarm = "29d29d00029d29d00042d43d00041d2e889ee3cba35fbe50a4a2b8d45b060d";
        List<String> out = eighty.wrap(String.format("    %-44s %s", "JARM", jarm));
        assertThat(out).containsExactly("    JARM", "        " + jarm);
    }

    @Test
    void aHeadingKeepsItsTargetWhole() {
        String target = "very-long-name-".repeat(8) + ".example";
        List<String> out = eighty.wrap(target + "  127.0.0.1 port 443, SNI x  ok  0.10 s, 3 hellos");
        assertThat(out.get(0)).isEqualTo(target);
        assertThat(out.subList(1, out.size())).allMatch(l -> l.startsWith("  ") && l.length() <= 80);
    }

    @Test
    void aColourOpenAtABreakIsClosedAndReopened() {
        String red = "\u001B[31m";
        List<String> out = eighty.wrap("    " + red + "word ".repeat(30).strip() + Ansi.RESET);
        assertThat(out).hasSizeGreaterThan(1);
        assertThat(out.get(0)).endsWith(Ansi.RESET);
        assertThat(out.get(1)).contains(red);
        assertThat(out).allMatch(l -> TerminalLayout.visibleLength(l) <= 80);
    }

    @Test
    void unlimitedLeavesTextAlone() {
        String text = "x ".repeat(500) + "\n  y\n";
        assertThat(new TerminalLayout(TerminalLayout.UNLIMITED).fit(text)).isEqualTo(text);
    }

    @Property(tries = 300)
    void noIndentedLineIsWiderAndNoWordIsLost(@ForAll("lines") String line, @ForAll @IntRange(min = 40, max = 140)
            int width) {
        TerminalLayout layout = new TerminalLayout(width);
        List<String> out = layout.wrap(line);
        assertThat(out).allMatch(l -> TerminalLayout.visibleLength(l) <= width);
        String before = TerminalLayout.strip(line).replaceAll("[\\s│├└─]", "");
        String after = String.join("", out.stream().map(TerminalLayout::strip).toList()).replaceAll("[\\s│├└─]", "");
        assertThat(after).isEqualTo(before);
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
                .ofMaxLength(30), Arbitraries.strings().withCharRange('a', 'z').ofMinLength(60).ofMaxLength(200),
                Arbitraries.of("\u001B[31mred\u001B[0m", "é", "\u001B[1m", "\u001B[0m", "key: value"));
        Arbitrary<String> prefix = Arbitraries.of("  ", "    ", "    ├─ ", "    │   ", "             ");
        Arbitrary<String> gap = Arbitraries.of(" ", "  ", "   ");
        return net.jqwik.api.Combinators.combine(prefix, word.list().ofMinSize(1).ofMaxSize(60), gap)
                .as((p, words, g) -> p + String.join(g, words));
    }
}
