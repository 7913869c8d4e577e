package dev.tlsweep.core.chain;

import dev.tlsweep.core.input.HostileText;
import dev.tlsweep.core.render.ChainTerminalRenderer;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random PEM files made of a real leaf, chain and private key, damaged as copy and paste, mail programs and
 * attackers damage them (lines dropped, cut, joined, boundaries mangled, the key glued to its BEGIN line,
 * bytes inserted, the order shuffled): parsing and the hygiene checks never throw anything but a
 * {@link ChainInputException}, and no problem, finding or rendering shows a piece of the key.
 */
class HostilePemProperties {

    static IssuedCertificate leaf;
    static String keyPem;
    static String keyBody;
    static List<String> lines;
    static Path dir;

    @BeforeContainer
    static void files() throws Exception {
        leaf = TestPki.create().leaf("www.example.test").issue();
        dir = Files.createTempDirectory("tlsweep-pem-properties");
        Path site = leaf.writeTo(dir.resolve("site"));
        keyPem = Files.readString(site.resolve("key.pem"));
        keyBody = String.join("", keyPem.lines().filter(l -> !l.startsWith("-----")).toList());
        lines = new ArrayList<>();
        lines.addAll(Files.readString(site.resolve("fullchain.pem")).lines().toList());
        lines.addAll(keyPem.lines().toList());
    }

    @AfterContainer
    static void clean() throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static String damaged(Random r) {
        List<String> out = new ArrayList<>(lines);
        int edits = r.nextInt(6);
        for (int i = 0; i < edits && !out.isEmpty(); i++) {
            int at = r.nextInt(out.size());
            String line = out.get(at);
            switch (r.nextInt(9)) {
                case 0 -> out.remove(at);
                case 1 -> out.set(at, line.substring(0, r.nextInt(line.length() + 1)));
                case 2 -> {
                    if (at + 1 < out.size()) {
                        out.set(at, line + out.remove(at + 1)); // a lost line break
                    }
                }
                case 3 -> out.set(at, line.replace("-----", r.nextBoolean() ? "----" : "------"));
                case 4 -> out.set(at, "  " + line + "\t");
                case 5 -> out.add(at, "subject=CN = \u001b[2Jevil\u202e");
                case 6 -> out.set(at, line.isEmpty() ? line : line.substring(0, line.length() / 2) + (char) r.nextInt(
                        0x3000) + line.substring(line.length() / 2));
                case 7 -> java.util.Collections.swap(out, at, r.nextInt(out.size()));
                default -> out.set(at, line.replace("PRIVATE KEY", "PRIVATE  KEY"));
            }
        }
        String text = String.join(r.nextInt(5) == 0 ? "\r\n" : "\n", out);
        if (r.nextInt(5) == 0) {
            // Every line break of the key lost: the whole key on its BEGIN line.
            text = text.replace(keyPem.strip(), keyPem.strip().replace("\n", ""));
        }
        return text;
    }

    @Property(tries = 300)
    void damagedFilesNeverThrowAndNeverShowTheKey(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        byte[] bytes = damaged(r).getBytes(r.nextInt(4) == 0 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
        StringBuilder shown = new StringBuilder();
        PemBundle bundle;
        try {
            bundle = PemBundle.parse(bytes, "file.pem");
        } catch (ChainInputException e) {
            shown.append(e.getMessage());
            HostileText.assertNoPieceOf(keyBody, shown, 12);
            HostileText.assertPrintable(e.getMessage());
            return;
        }
        List<PemBundle.Problem> problems = new ArrayList<>(bundle.problems());
        X509Certificate first = bundle.certificates().isEmpty() ? leaf.certificate() : bundle.certificates().get(0);
        problems.addAll(bundle.checkSingleCertificate());
        problems.addAll(bundle.checkKey(first));
        problems.addAll(bundle.checkChain(first));
        List<Finding> findings = problems.stream().map(PemBundle.Problem::toFinding).toList();
        shown.append(bundle).append(findings);
        for (Finding f : findings) {
            shown.append(f.message()).append(f.fix()).append(f.subjects());
        }
        StringWriter terminal = new StringWriter();
        ChainAnalyzer analyzer = new ChainAnalyzer(TrustAnchors.of(List.of()), List.of(), null, ChainPolicy.defaults(),
                java.time.Clock.systemUTC(), Runnable::run);
        if (!bundle.certificates().isEmpty()) {
            new ChainTerminalRenderer(false).render(analyzer.analyzeCertificates(bundle.certificates(), null).get(),
                    findings, "", new PrintWriter(terminal));
            shown.append(terminal);
            for (String line : terminal.toString().split("\n")) {
                HostileText.assertPrintable(line);
            }
        }
        HostileText.assertNoPieceOf(keyBody, shown, 12);
    }
}
