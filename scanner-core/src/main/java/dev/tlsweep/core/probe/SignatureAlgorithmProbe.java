package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.Authentication;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.KeyExchange;
import dev.tlsweep.core.registry.NamedGroups;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.registry.SignatureScheme;
import dev.tlsweep.core.registry.SignatureSchemes;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.KeyExchangeParams;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.SignatureAlgorithmsResult;
import dev.tlsweep.core.report.SupportedSignatureAlgorithm;
import dev.tlsweep.core.wire.EncryptedFlight;
import dev.tlsweep.core.wire.ServerHello;
import dev.tlsweep.core.wire.ServerKeyExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Which signature algorithms one protocol version signs its key exchange with, in the server's order.
 *
 * <p><b>TLS 1.2</b>: hellos offering the version's accepted suites whose ServerKeyExchange is signed (ECDHE and DHE
 * with RSA, ECDSA or DSA authentication), with the candidate algorithms in signature_algorithms; the
 * ServerKeyExchange names the algorithm the server signed with; it is removed and the rest offered again until the
 * server refuses (elimination, {@link CodeWalk}). A server with several certificates switches to another one when the
 * algorithms of the first are exhausted, so every certificate's algorithms are found.
 *
 * <p><b>TLS 1.3</b>: the same, read from the CertificateVerify, which is encrypted: each answer is decrypted with
 * tlsweep's own key share (the group the enumeration found the server to take). Each answer also carries the
 * Certificate, so a server with an RSA and an ECDSA certificate hands over both chains along the way
 * ({@link ProbeContext#servedChains()}), without a second TLS stack.
 *
 * <p>TLS 1.0 and 1.1 name no algorithm (MD5+SHA-1 or SHA-1, fixed by the suite): not applicable. Cost: the accepted
 * algorithms + 1 hello per version. Stateless; one instance serves every endpoint.
 */
public final class SignatureAlgorithmProbe {

    private static final Set<SignatureScheme.Algorithm> TLS12_ALGORITHMS = Set.of(SignatureScheme.Algorithm.RSA_PKCS1,
            SignatureScheme.Algorithm.RSA_PSS_RSAE, SignatureScheme.Algorithm.RSA_PSS_PSS, SignatureScheme.Algorithm.DSA,
            SignatureScheme.Algorithm.ECDSA, SignatureScheme.Algorithm.ED25519, SignatureScheme.Algorithm.ED448);

    /** TLS 1.2 candidates: every (hash, signature) pair and scheme a TLS 1.2 ServerKeyExchange may carry. */
    static final List<Integer> TLS12_CANDIDATES = candidates(false);
    /** TLS 1.3 candidates: every scheme of the registry for handshake signatures, and the PKCS #1 ones servers misuse. */
    static final List<Integer> TLS13_CANDIDATES = candidates(true);


    private static List<Integer> candidates(boolean tls13) {
        List<Integer> out = new ArrayList<>();
        for (int code : Hellos.SIGNATURE_SCHEMES) {
            out.add(code);
        }
        for (SignatureScheme s : SignatureSchemes.all()) {
            boolean fits = tls13 ? s.tls13() && !s.name().endsWith("_legacy")
                    : TLS12_ALGORITHMS.contains(s.algorithm()) && (s.code() >> 8) < 0x08 || s.code() >= 0x0804
                            && s.code() <= 0x080B;
            if (fits && !out.contains(s.code())) {
                out.add(s.code());
            }
        }
        if (tls13) {
            out.removeIf(c -> c == 0x0402 || c == 0x0502 || c == 0x0602 || c == 0x0202 || c == 0x0302
                    || c == 0x0303 || c == 0x0301);
        }
        return List.copyOf(out);
    }

    /** Stateless; one instance serves every endpoint. */
    public SignatureAlgorithmProbe() {
    }

    /** The signature algorithms of the version {@code p} reports. */
    public CompletableFuture<SignatureAlgorithmsResult> run(ProbeContext ctx, ProtocolReport p) {
        Tally tally = new Tally();
        ProtocolVersion v = p.version();
        if (!p.accepted()) {
            return done(notApplicable(v.label() + " is not accepted"));
        }
        if (v.compareTo(ProtocolVersion.TLSv1_2) < 0) {
            return done(notApplicable(v.label() + " names no signature algorithm: the suite fixes it"));
        }
        if (v == ProtocolVersion.TLSv1_3) {
            List<Integer> suites = p.suites().stream().map(a -> a.suite().code()).toList();
            int group = keyShareGroup(p);
            return walk(ctx, v, TLS13_CANDIDATES, remaining -> Hellos.builderFor(v, suites, ctx.sni())
                    .supportedGroups(group).keyShares(group).signatureAlgorithms(GroupProbe.ints(remaining)).build(),
                    SignatureAlgorithmProbe::readTls13, tally);
        }
        List<Integer> signed = new ArrayList<>();
        for (AcceptedSuite a : p.suites()) {
            CipherSuite s = a.suite();
            boolean ephemeral = s.keyExchange() == KeyExchange.ECDHE || s.keyExchange() == KeyExchange.DHE;
            boolean authenticated = s.authentication() == Authentication.RSA || s.authentication() == Authentication.ECDSA
                    || s.authentication() == Authentication.DSS;
            if (ephemeral && authenticated) {
                signed.add(s.code());
            }
        }
        if (signed.isEmpty()) {
            return done(notApplicable("no accepted suite signs its key exchange (ECDHE or DHE with a certificate)"));
        }
        return walk(ctx, v, TLS12_CANDIDATES, remaining -> Hellos.builderFor(v, signed, ctx.sni())
                .signatureAlgorithms(GroupProbe.ints(remaining)).build(),
                (offered, a) -> readTls12(v, offered, a), tally);
    }

    private static CompletableFuture<SignatureAlgorithmsResult> walk(ProbeContext ctx, ProtocolVersion v,
            List<Integer> candidates, CodeWalk.Offer offer, CodeWalk.Judge judge, Tally tally) {
        return CodeWalk.drive(ctx, Elimination.start(v, candidates), offer, judge, tally)
                .thenCompose(e -> CodeWalk.run(ctx, List.of(e), tally).thenApply(run -> {
                    List<SupportedSignatureAlgorithm> found = new ArrayList<>();
                    for (Pick pick : e.picks()) {
                        found.add(named(pick.suite()));
                    }
                    return new SignatureAlgorithmsResult(run, found, null);
                }));
    }

    /** The group of the key share to send: the one the enumeration saw the server take, else x25519. */
    static int keyShareGroup(ProtocolReport p) {
        for (AcceptedSuite a : p.suites()) {
            KeyExchangeParams kx = a.keyExchange();
            if (kx != null) {
                int code = NamedGroups.byName(kx.group()).map(g -> g.code()).orElse(-1);
                if (code >= 0) {
                    return code;
                }
            }
        }
        return 0x001D;
    }

    /** TLS 1.2: the ServerKeyExchange's SignatureAndHashAlgorithm. */
    static Reading readTls12(ProtocolVersion v, List<Integer> offered, HelloAnswer a) {
        ServerHello sh = a.serverHello();
        if (sh != null) {
            if (sh.legacyVersion() != v.wire() || sh.selectedVersion() >= 0) {
                return CodeWalk.failed(a, "the server answered at another version");
            }
            ServerKeyExchange ske = a.flight().serverKeyExchange();
            if (ske == null || ske.signatureScheme() < 0) {
                return CodeWalk.failed(a, "no signed ServerKeyExchange after a suite that needs one");
            }
            int scheme = ske.signatureScheme();
            return offered.contains(scheme) ? CodeWalk.pick(scheme, a)
                    : CodeWalk.failed(a, String.format("the server signed with 0x%04X, which was not offered", scheme));
        }
        return CodeWalk.other(a, null);
    }

    /** TLS 1.3: the CertificateVerify's scheme, from the decrypted flight. */
    static Reading readTls13(List<Integer> offered, HelloAnswer a) {
        ServerHello sh = a.serverHello();
        if (sh != null) {
            if (sh.helloRetryRequest()) {
                return CodeWalk.failed(a, "the server asked for another key share");
            }
            EncryptedFlight f = a.flight().encrypted();
            if (f == null || f.certificateVerifyScheme() < 0) {
                String why = f == null || f.error() == null ? "the encrypted flight ended before the CertificateVerify"
                        : "the encrypted flight could not be read: " + f.error().getMessage();
                return CodeWalk.failed(a, why);
            }
            int scheme = f.certificateVerifyScheme();
            return offered.contains(scheme) ? CodeWalk.pick(scheme, a)
                    : CodeWalk.failed(a, String.format("the server signed with 0x%04X, which was not offered", scheme));
        }
        return CodeWalk.other(a, null);
    }

    /** The report entry of a scheme. */
    static SupportedSignatureAlgorithm named(int code) {
        return SignatureSchemes.byCode(code).map(s -> new SupportedSignatureAlgorithm(s.name(), s.code()))
                .orElse(new SupportedSignatureAlgorithm(String.format("0x%04X", code), code));
    }

    private static SignatureAlgorithmsResult notApplicable(String why) {
        return new SignatureAlgorithmsResult(new ProbeRun(ProbeStatus.NOT_APPLICABLE, why, 0, 0), List.of(), null);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
