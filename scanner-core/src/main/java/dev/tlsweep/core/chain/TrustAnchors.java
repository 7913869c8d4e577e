package dev.tlsweep.core.chain;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * An immutable set of trust anchors: roots a path must end at to be trusted.
 *
 * <p>{@link #system()} reads the JDK's default trust store ({@code cacerts}) the first time the
 * anchors are used, not when the object is made; that first use reads a file, so it must not
 * happen on an event loop (the {@link ChainAnalyzer} runs on the caller's thread or its executor).
 */
public final class TrustAnchors {

    private final Supplier<Map<X500Principal, List<X509Certificate>>> loader;
    private volatile Map<X500Principal, List<X509Certificate>> bySubject;

    private TrustAnchors(Supplier<Map<X500Principal, List<X509Certificate>>> loader) {
        this.loader = loader;
    }

    /** The JDK's default trust store, loaded lazily on first use. */
    public static TrustAnchors system() {
        return new TrustAnchors(() -> index(loadSystem()));
    }

    /** The certificates of a PEM file (one or more {@code CERTIFICATE} blocks), as for {@code --ca-file}. */
    public static TrustAnchors fromPem(Path file) throws ChainInputException {
        Objects.requireNonNull(file, "file");
        // The one PEM reader of the project: a root file that also holds its key, or text around the
        // blocks, still yields its certificates.
        List<X509Certificate> certs = PemBundle.parse(file).certificates();
        if (certs.isEmpty()) {
            throw new ChainInputException(file.toString(), "no certificate in the file");
        }
        return of(certs);
    }

    /** Exactly these roots. */
    public static TrustAnchors of(Collection<X509Certificate> roots) {
        Objects.requireNonNull(roots, "roots");
        List<X509Certificate> copy = List.copyOf(roots);
        Map<X500Principal, List<X509Certificate>> index = index(copy);
        return new TrustAnchors(() -> index);
    }

    /** These anchors and {@code other}'s (loaded lazily when either is lazy). */
    public TrustAnchors plus(TrustAnchors other) {
        Objects.requireNonNull(other, "other");
        return new TrustAnchors(() -> {
            List<X509Certificate> all = new ArrayList<>(all());
            all.addAll(other.all());
            return index(all);
        });
    }

    /** Every anchor (loads the store when lazy). */
    public List<X509Certificate> all() {
        List<X509Certificate> out = new ArrayList<>();
        for (List<X509Certificate> l : map().values()) {
            out.addAll(l);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * SHA-256 over the sorted SHA-256 fingerprints (lowercase hex, one per line) of every anchor: the same for
     * the same set of anchors wherever and in whatever order they were loaded (loads the store when lazy).
     */
    public String sha256() {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            List<String> prints = new ArrayList<>();
            for (X509Certificate c : all()) {
                prints.add(java.util.HexFormat.of().formatHex(md.digest(c.getEncoded())));
            }
            java.util.Collections.sort(prints);
            for (String p : prints) {
                md.update((p + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint the trust anchors", e);
        }
    }

    /** The anchors whose subject is {@code subject}. */
    List<X509Certificate> withSubject(X500Principal subject) {
        return map().getOrDefault(subject, List.of());
    }

    /** True when {@code cert} itself (same DER) is an anchor. */
    boolean contains(X509Certificate cert) {
        for (X509Certificate a : withSubject(cert.getSubjectX500Principal())) {
            if (Certificates.sameCertificate(a, cert)) {
                return true;
            }
        }
        return false;
    }

    /** An anchor that issued {@code cert} (name and signature), or null. */
    X509Certificate issuerOf(X509Certificate cert) {
        for (X509Certificate a : withSubject(cert.getIssuerX500Principal())) {
            if (Certificates.verifies(a.getPublicKey(), cert)) {
                return a;
            }
        }
        return null;
    }

    private Map<X500Principal, List<X509Certificate>> map() {
        Map<X500Principal, List<X509Certificate>> m = bySubject;
        if (m == null) {
            synchronized (this) {
                m = bySubject;
                if (m == null) {
                    m = loader.get();
                    bySubject = m;
                }
            }
        }
        return m;
    }

    private static Map<X500Principal, List<X509Certificate>> index(Collection<X509Certificate> certs) {
        Map<X500Principal, List<X509Certificate>> m = new LinkedHashMap<>();
        for (X509Certificate c : certs) {
            Objects.requireNonNull(c, "roots element");
            List<X509Certificate> l = m.computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>());
            if (l.stream().noneMatch(x -> Certificates.sameCertificate(x, c))) {
                l.add(c);
            }
        }
        Map<X500Principal, List<X509Certificate>> frozen = new HashMap<>();
        m.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Map.copyOf(frozen);
    }

    private static List<X509Certificate> loadSystem() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (javax.net.ssl.TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return List.of(x.getAcceptedIssuers());
                }
            }
            return List.of();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JDK's default trust store", e);
        }
    }
}
