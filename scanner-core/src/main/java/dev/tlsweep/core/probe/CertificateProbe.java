package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.registry.Authentication;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateCapture;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ServedChain;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Every certificate chain an endpoint serves, exactly as served, one per leaf key type — run after
 * the suites of every version are known.
 *
 * <ul>
 *   <li><b>TLS 1.2 and earlier</b>: the Certificate message is plaintext in the first flight, so the
 *       chains come from the flights the enumeration already received ({@link ProbeContext#servedChains}),
 *       at no extra cost. If an accepted RSA-, ECDSA- or DSA-authenticated suite has no chain of that
 *       key type yet, one more hello offering only those suites fetches it: a server holding an RSA
 *       and an ECDSA certificate yields both. The hellos send status_request, so a stapled OCSP
 *       response comes in a CertificateStatus message.</li>
 *   <li><b>TLS 1.3 only</b> (or no Certificate in any earlier-version flight): the Certificate is
 *       encrypted, so one real handshake through Netty's SslHandler on BoringSSL (netty-tcnative)
 *       fetches it, trusting anything and keeping the chain as served (tlsweep's own analysis judges
 *       it), with the target's SNI and OCSP stapling requested. netty-tcnative offers no way to
 *       restrict the client's signature algorithms, so a TLS 1.3-only server with several
 *       certificates shows the one it prefers; the capture's note says so.</li>
 * </ul>
 *
 * <p>The capture never fails the scan: a failed handshake or a missing chain is a note. Stateless
 * apart from the shared client context; one instance serves every endpoint.
 */
public final class CertificateProbe {

    private static final Set<ProtocolVersion> PLAINTEXT_CERTIFICATE =
            Set.of(ProtocolVersion.SSLv3, ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2);

    private static final Map<Authentication, String> KEY_TYPE_OF =
            Map.of(Authentication.RSA, "RSA", Authentication.ECDSA, "ECDSA", Authentication.DSS, "DSA");

    private final CapturingTrustManager trust = new CapturingTrustManager();
    private final SslContext tls13;
    /** The same, offering ALPN {@code postgresql} (PostgreSQL's direct TLS refuses a handshake without it). */
    private final SslContext tls13Postgres;
    private final String tls13Unavailable;

    /**
     * Builds the TLS 1.3 client context (BoringSSL through netty-tcnative). Call off the event loops:
     * the first call loads the native library.
     */
    public CertificateProbe() {
        SslContext context = null;
        SslContext postgres = null;
        String why = null;
        try {
            context = client().build();
            postgres = client().applicationProtocolConfig(new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN, ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "postgresql")).build();
        } catch (Exception | LinkageError e) {
            why = "BoringSSL (netty-tcnative) is not usable here: " + e;
        }
        this.tls13 = context;
        this.tls13Postgres = postgres;
        this.tls13Unavailable = why;
    }

    private SslContextBuilder client() {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL)
                .trustManager(trust)
                .endpointIdentificationAlgorithm(null)
                .protocols("TLSv1.3")
                .enableOcsp(true);
    }

    /** Captures the chains of the endpoint whose versions and suites are {@code protocols}. Never fails. */
    public CompletableFuture<CertificateCapture> run(ProbeContext ctx, List<ProtocolReport> protocols) {
        List<ProtocolReport> plaintext = protocols.stream()
                .filter(p -> p.accepted() && PLAINTEXT_CERTIFICATE.contains(p.version())).toList();
        boolean tls13Accepted = protocols.stream()
                .anyMatch(p -> p.accepted() && p.version() == ProtocolVersion.TLSv1_3);
        CompletableFuture<CertificateCapture> capture;
        if (!plaintext.isEmpty()) {
            capture = fillGaps(ctx, plaintext).thenCompose(done -> {
                List<ServedChain> chains = ctx.servedChains();
                if (!chains.isEmpty()) {
                    return CompletableFuture.completedFuture(new CertificateCapture(chains, null));
                }
                String none = "no certificate in the first flights of the accepted versions"
                        + " (anonymous or PSK suites only)";
                return tls13Accepted ? handshake(ctx, none + "; ")
                        : CompletableFuture.completedFuture(new CertificateCapture(List.of(), none));
            });
        } else if (tls13Accepted) {
            capture = handshake(ctx, "");
        } else {
            boolean sslv2 = protocols.stream().anyMatch(p -> p.accepted() && p.version() == ProtocolVersion.SSLv2);
            capture = CompletableFuture.completedFuture(new CertificateCapture(List.of(), sslv2
                    ? "only SSLv2 is accepted; its certificate is not captured"
                    : "no protocol version accepted"));
        }
        return capture.exceptionally(e -> new CertificateCapture(ctx.servedChains(),
                "certificate capture failed: " + e));
    }

    /**
     * For each key type with accepted suites but no chain yet, one hello offering only the suites of that
     * key type, at the highest version that accepted some; its flight is recorded by {@link Negotiation}.
     */
    private CompletableFuture<Void> fillGaps(ProbeContext ctx, List<ProtocolReport> plaintext) {
        Set<String> seen = ctx.servedChains().stream().map(ServedChain::keyType).collect(Collectors.toSet());
        List<CompletableFuture<?>> extra = new ArrayList<>();
        for (Map.Entry<Authentication, String> e : KEY_TYPE_OF.entrySet()) {
            if (seen.contains(e.getValue())) {
                continue;
            }
            for (int i = plaintext.size() - 1; i >= 0; i--) {
                ProtocolReport p = plaintext.get(i);
                List<Integer> suites = p.suites().stream().map(AcceptedSuite::suite)
                        .filter(s -> s.authentication() == e.getKey()).map(CipherSuite::code).toList();
                if (!suites.isEmpty()) {
                    ProtocolVersion version = p.version();
                    extra.add(ctx.send(Hellos.forVersion(version, suites, ctx.sni()))
                            .thenAccept(answer -> ctx.read(version, suites, answer)));
                    break;
                }
            }
        }
        return CompletableFuture.allOf(extra.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<CertificateCapture> handshake(ProbeContext ctx, String prefix) {
        if (tls13 == null) {
            return CompletableFuture.completedFuture(new CertificateCapture(List.of(), prefix + tls13Unavailable));
        }
        SslContext context = "postgresql".equals(ctx.alpn()) ? tls13Postgres : tls13;
        return ctx.session(() -> new TlsHandshakeSession(context, trust, ctx.sni()))
                .thenApply(exchange -> fromHandshake(exchange, prefix));
    }

    private static CertificateCapture fromHandshake(Exchange<HandshakeCapture> exchange, String prefix) {
        HandshakeCapture h = exchange.response();
        String why = h != null && h.failure() != null ? h.failure()
                : exchange.detail().isEmpty() ? exchange.outcome().name() : exchange.detail();
        if (h == null || h.chain().isEmpty()) {
            return new CertificateCapture(List.of(), prefix + "TLS 1.3 handshake ended before the server's"
                    + " certificate (" + exchange.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + why + ")");
        }
        int suite = h.cipherSuite() == null ? -1 : CipherSuites.byName(h.cipherSuite()).map(CipherSuite::code).orElse(-1);
        ServedChain chain = new ServedChain(LeafKey.algorithm(h.chain().get(0)), ProtocolVersion.TLSv1_3, suite,
                h.chain(), h.ocspResponse() != null, h.ocspResponse());
        String note = prefix + "TLS 1.3 only: captured with a full handshake; a server holding certificates of"
                + " several key types shows the one it prefers for TLS 1.3";
        if (h.failure() != null || exchange.outcome() != dev.tlsweep.core.engine.Outcome.COMPLETED) {
            note += "; the handshake did not complete after the certificate (" + why + ")";
        }
        return new CertificateCapture(List.of(chain), note);
    }
}
