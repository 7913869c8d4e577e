package dev.tlsweep.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A certificate with its private key and the chain that issued it.
 *
 * @param certificate the certificate (a leaf, or a CA certificate for intermediates)
 * @param key its private key
 * @param issuers the intermediate(s) that issued it, nearest first, up to but excluding the root;
 *     empty when the root issued it directly or when it is self-signed
 * @param root the root the chain ends at (the certificate itself when it is self-signed)
 */
public record IssuedCertificate(
        X509Certificate certificate, PrivateKey key, List<X509Certificate> issuers, X509Certificate root) {

    /** Copies {@code issuers} and checks that nothing is null. */
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        issuers = List.copyOf(Objects.requireNonNull(issuers, "issuers"));
        Objects.requireNonNull(root, "root");
    }

    /** The leaf followed by its issuers, without the root: what a well-configured server sends. */
    public List<X509Certificate> fullChain() {
        List<X509Certificate> chain = new ArrayList<>(issuers.size() + 1);
        chain.add(certificate);
        chain.addAll(issuers);
        return List.copyOf(chain);
    }

    /**
     * Writes {@code cert.pem} (this certificate), {@code key.pem} (PKCS#8, unencrypted),
     * {@code chain.pem} (the issuers), {@code fullchain.pem} (certificate and issuers) and
     * {@code root.pem} into {@code dir}, creating it if needed.
     *
     * @return {@code dir}
     */
    public Path writeTo(Path dir) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Pem.write(dir.resolve("cert.pem"), Pem.certificate(certificate));
        Pem.write(dir.resolve("key.pem"), Pem.privateKey(key));
        Pem.write(dir.resolve("chain.pem"), Pem.certificates(issuers));
        Pem.write(dir.resolve("fullchain.pem"), Pem.certificates(fullChain()));
        Pem.write(dir.resolve("root.pem"), Pem.certificate(root));
        return dir;
    }

    /** True when the certificate's issuer is its own subject and it verifies with its own key. */
    public boolean isSelfSigned() {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }
}
