package dev.tlsweep.core.probe;

import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts every server and keeps the DER chain it presented, per engine, until {@link #take} collects
 * it. tlsweep judges chains with its own code afterwards; this only records what was served. The
 * chain is kept as bytes ({@code getEncoded}), never parsed here: this runs on an event loop.
 *
 * <p>One instance serves every connection of a client context; entries live from the server's
 * Certificate message to the end of the connection's attempt.
 */
final class CapturingTrustManager extends X509ExtendedTrustManager {

    private final Map<SSLEngine, List<byte[]>> chains = new ConcurrentHashMap<>();

    /** Removes and returns the chain captured on {@code engine}, or {@code null} if none was. */
    List<byte[]> take(SSLEngine engine) {
        return engine == null ? null : chains.remove(engine);
    }

    /** How many chains await collection (for tests: none should linger). */
    int pending() {
        return chains.size();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        if (engine != null && chain != null) {
            chains.put(engine, encoded(chain));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Not used: tlsweep only captures through engines.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // Not used: tlsweep only captures through engines.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client certificates are not accepted by a scanner");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client certificates are not accepted by a scanner");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not accepted by a scanner");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    static List<byte[]> encoded(java.security.cert.Certificate[] chain) {
        List<byte[]> out = new ArrayList<>(chain.length);
        for (java.security.cert.Certificate c : chain) {
            try {
                out.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                break; // keep the served prefix that could be encoded
            }
        }
        return Collections.unmodifiableList(out);
    }
}
