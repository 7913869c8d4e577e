package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.wire.ClientHelloSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The first hello sent to an endpoint: a current client's, offering TLS 1.3 and 1.2 and the most
 * common suites, so that any TLS server answers with something and anything else shows what it is.
 */
public final class ConnectivityHello {

    private static final List<Integer> SUITES = suites();

    private ConnectivityHello() {
    }

    /** The hello, with SNI {@code sni} (or none when {@code null}). */
    public static ClientHelloSpec build(String sni) {
        return Hellos.modern(SUITES, sni);
    }

    /**
     * The fallback when the first hello got no answer at all: a plain TLS 1.2 hello (no supported_versions,
     * no key share), the shape that servers and middleboxes intolerant of TLS 1.3 hellos still answer.
     */
    public static ClientHelloSpec tls12(String sni) {
        return Hellos.forVersion(ProtocolVersion.TLSv1_2, TLS12_SUITES, sni);
    }

    private static final List<Integer> TLS12_SUITES = SUITES.stream()
            .filter(c -> CipherSuites.byCode(c).map(s -> !s.versions().contains(ProtocolVersion.TLSv1_3)
                    || s.versions().contains(ProtocolVersion.TLSv1_2)).orElse(true))
            .toList();

    private static List<Integer> suites() {
        List<Integer> out = new ArrayList<>();
        CipherSuites.forVersion(ProtocolVersion.TLSv1_3).forEach(s -> out.add(s.code()));
        CipherSuites.forVersion(ProtocolVersion.TLSv1_2).stream()
                .sorted(SuiteRank.ORDER)
                .limit(Hellos.MAX_SUITES_PER_HELLO - out.size())
                .forEach(s -> out.add(s.code()));
        return List.copyOf(out);
    }

}
