package dev.tlsweep.core.policy.deploy;

import dev.tlsweep.core.chain.PemBundle;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The files of one deployment as parsed: the certificate, and optionally its chain and private key.
 * The problems are {@link PemBundle}'s own (hygiene, and its checks of the certificate, chain and key
 * against each other); nothing is parsed again.
 *
 * @param certificate the certificate file (one certificate expected)
 * @param chain       the chain file, or null when none is deployed
 * @param key         the private key file, or null when it was not given (the key is then not checked)
 */
public record PemInputs(PemBundle certificate, PemBundle chain, PemBundle key) {

    /** Checks that the certificate file is there. */
    public PemInputs {
        Objects.requireNonNull(certificate, "certificate");
    }

    /** The certificate to deploy: the first of the certificate file, or null when it holds none. */
    public X509Certificate leaf() {
        return certificate.certificates().isEmpty() ? null : certificate.certificates().get(0);
    }

    /** The certificates in the order they would be served: the certificate file, then the chain file. */
    public List<X509Certificate> served() {
        List<X509Certificate> out = new ArrayList<>(certificate.certificates());
        if (chain != null) {
            out.addAll(chain.certificates());
        }
        return out;
    }

    /** Every problem of the three files, each file's hygiene first, then its checks against the leaf. */
    public List<PemBundle.Problem> problems() {
        X509Certificate leaf = leaf();
        List<PemBundle.Problem> out = new ArrayList<>(certificate.problems());
        out.addAll(certificate.checkSingleCertificate());
        if (chain != null) {
            out.addAll(chain.problems());
            out.addAll(chain.checkChain(leaf));
        }
        if (key != null) {
            out.addAll(key.problems());
            out.addAll(key.checkKey(leaf));
        }
        return out;
    }
}
