package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.Authentication;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateCapture;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.core.wire.EncryptedFlight;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Every certificate chain an endpoint serves, exactly as served, one per leaf key type — run after
 * the suites, groups and signature algorithms of every version are known.
 *
 * <ul>
 *   <li><b>TLS 1.2 and earlier</b>: the Certificate message is plaintext in the first flight, so the
 *       chains come from the flights the enumeration already received ({@link ProbeContext#servedChains}),
 *       at no extra cost. If an accepted RSA-, ECDSA- or DSA-authenticated suite has no chain of that
 *       key type yet, one more hello offering only those suites fetches it: a server holding an RSA
 *       and an ECDSA certificate yields both. The hellos send status_request, so a stapled OCSP
 *       response comes in a CertificateStatus message.</li>
 *   <li><b>TLS 1.3</b>: the Certificate is encrypted; tlsweep decrypts every TLS 1.3 answer with its own key
 *       share (wire's TLS 1.3 key schedule), so the chains come from the flights the enumeration and the
 *       signature-algorithm probe already read — the latter offers the algorithms of one key type after
 *       another, so a server holding an RSA and an ECDSA certificate hands over both. If no TLS 1.3 flight
 *       carried a chain yet, one more hello with the key share of the group the server takes fetches it.
 *       The leaf's stapled OCSP response comes in its certificate entry.</li>
 * </ul>
 *
 * <p>The capture never fails the scan: a missing chain is a note. Stateless; one instance serves every endpoint.
 */
public final class CertificateProbe {

    private static final Set<ProtocolVersion> PLAINTEXT_CERTIFICATE =
            Set.of(ProtocolVersion.SSLv3, ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2);

    private static final Map<Authentication, String> KEY_TYPE_OF =
            Map.of(Authentication.RSA, "RSA", Authentication.ECDSA, "ECDSA", Authentication.DSS, "DSA");

    /** Stateless; one instance serves every endpoint. */
    public CertificateProbe() {
    }

    /** Captures the chains of the endpoint whose versions and suites are {@code protocols}. Never fails. */
    public CompletableFuture<CertificateCapture> run(ProbeContext ctx, List<ProtocolReport> protocols) {
        List<ProtocolReport> plaintext = protocols.stream()
                .filter(p -> p.accepted() && PLAINTEXT_CERTIFICATE.contains(p.version())).toList();
        ProtocolReport tls13 = protocols.stream()
                .filter(p -> p.accepted() && p.version() == ProtocolVersion.TLSv1_3).findFirst().orElse(null);
        CompletableFuture<CertificateCapture> capture;
        if (!plaintext.isEmpty()) {
            capture = fillGaps(ctx, plaintext).thenCompose(done -> {
                List<ServedChain> chains = ctx.servedChains();
                if (!chains.isEmpty()) {
                    return CompletableFuture.completedFuture(new CertificateCapture(chains, null));
                }
                String none = "no certificate in the first flights of the accepted versions"
                        + " (anonymous or PSK suites only)";
                return tls13 != null ? tls13(ctx, tls13, none + "; ")
                        : CompletableFuture.completedFuture(new CertificateCapture(List.of(), none));
            });
        } else if (tls13 != null) {
            capture = tls13(ctx, tls13, "");
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

    /** The chains of the decrypted TLS 1.3 flights; one more hello when none carried one yet. */
    private CompletableFuture<CertificateCapture> tls13(ProbeContext ctx, ProtocolReport tls13, String prefix) {
        String note = prefix + "TLS 1.3: read from the encrypted flight with tlsweep's own key share";
        List<ServedChain> chains = ctx.servedChains();
        if (!chains.isEmpty()) {
            return CompletableFuture.completedFuture(new CertificateCapture(chains, note));
        }
        int group = SignatureAlgorithmProbe.keyShareGroup(tls13);
        List<Integer> suites = tls13.suites().stream().map(a -> a.suite().code()).toList();
        return ctx.send(Hellos.builderFor(ProtocolVersion.TLSv1_3, suites, ctx.sni()).supportedGroups(group)
                .keyShares(group).build()).thenApply(answer -> {
                    List<ServedChain> found = ctx.servedChains();
                    if (!found.isEmpty()) {
                        return new CertificateCapture(found, note);
                    }
                    EncryptedFlight f = answer.flight() == null ? null : answer.flight().encrypted();
                    String why = f != null && f.error() != null ? f.error().getMessage()
                            : f != null ? "the flight carried no certificate" : answer.kind() + ": " + answer.detail();
                    return new CertificateCapture(List.of(), prefix + "TLS 1.3: no certificate could be read ("
                            + why + ")");
                });
    }
}
