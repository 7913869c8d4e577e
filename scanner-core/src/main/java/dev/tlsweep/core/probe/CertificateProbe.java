package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.Authentication;
import dev.tlsweep.core.registry.CipherSuite;
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
 * <p>The capture never fails the scan, and never claims more than it read: when an accepted suite calls for a
 * certificate of a key type and no flight yielded one (a Certificate message over the flight limit, a malformed
 * entry, a connection reset after the ServerHello), the capture is {@code incomplete} with the reason, and so is
 * the endpoint; "no certificate" is said only when every accepted suite is anonymous or PSK. Stateless; one instance
 * serves every endpoint.
 */
public final class CertificateProbe {

    private static final Set<ProtocolVersion> PLAINTEXT_CERTIFICATE =
            Set.of(ProtocolVersion.SSLv3, ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2);

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
                String missing = missing(ctx, plaintext, chains);
                if (!chains.isEmpty() || missing != null) {
                    CertificateCapture c = missing == null ? new CertificateCapture(chains, null)
                            : CertificateCapture.incomplete(chains, null, missing);
                    return CompletableFuture.completedFuture(c);
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
        return capture.exceptionally(e -> CertificateCapture.incomplete(ctx.servedChains(), null,
                "certificate capture failed: " + e));
    }

    /**
     * Why a chain the accepted TLS 1.2-and-earlier suites call for is missing from {@code chains} (the first such key
     * type, with what went wrong in the flight that should have carried it); {@code null} when none is missing.
     */
    static String missing(ProbeContext ctx, List<ProtocolReport> plaintext, List<ServedChain> chains) {
        Set<String> have = chains.stream().map(ServedChain::keyType).collect(Collectors.toSet());
        Set<String> wanted = new java.util.LinkedHashSet<>();
        for (ProtocolReport p : plaintext) {
            for (AcceptedSuite a : p.suites()) {
                String keyType = CertificateKeys.ofSuite(a.suite().code());
                if (keyType != null) {
                    wanted.add(keyType);
                }
            }
        }
        for (String keyType : wanted) {
            boolean found = ctx.chainRead(keyType)
                    || (keyType.equals(CertificateKeys.ANY_KEY) ? !have.isEmpty() : have.contains(keyType));
            if (!found) {
                String why = ctx.unreadChain(keyType);
                return "no " + (keyType.equals(CertificateKeys.ANY_KEY) ? "" : keyType + " ")
                        + "certificate chain could be read although accepted suites call for one: "
                        + (why != null ? why : "no flight that picked such a suite carried it");
            }
        }
        return null;
    }

    /**
     * For each key type with accepted suites but no chain yet, one hello offering only the suites of that
     * key type, at the highest version that accepted some; its flight is recorded by {@link Negotiation}.
     */
    private CompletableFuture<Void> fillGaps(ProbeContext ctx, List<ProtocolReport> plaintext) {
        Set<String> seen = ctx.servedChains().stream().map(ServedChain::keyType).collect(Collectors.toSet());
        List<CompletableFuture<?>> extra = new ArrayList<>();
        for (Map.Entry<Authentication, String> e : CertificateKeys.KEY_TYPE_OF.entrySet()) {
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
                    return CertificateCapture.incomplete(List.of(), prefix.isEmpty() ? null : prefix.substring(0,
                            prefix.length() - 2), "TLS 1.3: no certificate could be read (" + why + ")");
                });
    }
}
