package dev.tlsweep.core.chain;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Fetches the certificates an AIA caIssuers URL points at (RFC 5280, section 4.2.2.1). */
@FunctionalInterface
public interface IssuerFetcher {

    /**
     * The certificates served at {@code caIssuersUrl}; completes exceptionally when they cannot be
     * had (the analyzer treats that as "no issuer from this URL").
     */
    CompletableFuture<List<X509Certificate>> fetch(URI caIssuersUrl);
}
