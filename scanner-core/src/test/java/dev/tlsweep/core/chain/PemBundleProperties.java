package dev.tlsweep.core.chain;

import dev.tlsweep.lab.TestPki;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** PemBundle.parse never throws anything but ChainInputException, whatever it is given. */
class PemBundleProperties {

    private static final String PEM = Der.pem(List.of(TestPki.create().intermediate().certificate()));

    @Property(tries = 300)
    void arbitraryBytes(@ForAll byte[] bytes) {
        parseQuietly(bytes);
    }

    @Property(tries = 300)
    void mutatedPem(@ForAll("mutations") String text) {
        parseQuietly(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, PEM.length() - 1);
        Arbitrary<Character> ch = Arbitraries.of('-', '\n', ' ', 'A', '=', '*', '\r', ':', '\t', '\u00ff');
        return Arbitraries.oneOf(
                pos.flatMap(p -> ch.map(c -> PEM.substring(0, p) + c + PEM.substring(p))),
                pos.map(p -> PEM.substring(0, p)),
                pos.map(p -> PEM.substring(p)),
                pos.flatMap(p -> pos.map(q -> PEM.substring(0, Math.min(p, q)) + PEM.substring(Math.max(p, q)))));
    }

    private static void parseQuietly(byte[] bytes) {
        try {
            PemBundle b = PemBundle.parse(bytes, "fuzz.pem");
            b.checkSingleCertificate();
            b.checkChain(null);
        } catch (ChainInputException expected) {
            // the one allowed failure
        }
    }
}
