package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.ClientProfile;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.NamedGroups;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.ClientResult;
import dev.tlsweep.core.wire.AlertDescription;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.ServerHello;
import dev.tlsweep.core.wire.ServerKeyExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Replays real clients' ClientHellos ({@link ClientProfile}) against an endpoint and judges the
 * server's first flight as each client would: the version within the client's range, the suite among
 * those offered, the group among those supported, the DH size above the client's limit. A
 * HelloRetryRequest for a group the client supports is followed by the retried hello (on a new
 * connection); a client that falls back to a lower version after a failure does so once. Stateless.
 *
 * <p>Limits: certificate validation, signature checks and everything after the server's first flight
 * are not simulated.
 */
public final class ClientSimulationProbe {

    /** TLS_FALLBACK_SCSV (RFC 7507). */
    static final int FALLBACK_SCSV = 0x5600;

    /** Replays every profile concurrently; results in the order of {@code profiles}. Never fails. */
    public CompletableFuture<List<ClientResult>> run(ProbeContext ctx, List<ClientProfile> profiles) {
        List<CompletableFuture<ClientResult>> all = new ArrayList<>();
        for (ClientProfile p : profiles) {
            all.add(run(ctx, p));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(done -> all.stream().map(CompletableFuture::join).toList());
    }

    private static final String HRR_NOTE = "after a HelloRetryRequest for ";

    /** Replays one profile. */
    public CompletableFuture<ClientResult> run(ProbeContext ctx, ClientProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return attempt(ctx, profile, profile.versions(), profile.keyShares(), false, 1, null).thenCompose(r -> {
            if (r.connected() || profile.fallback() == null || !profile.highest().atLeast(profile.fallback())
                    || profile.highest() == profile.fallback()) {
                return CompletableFuture.completedFuture(r);
            }
            List<ProtocolVersion> lower = profile.versions().stream().filter(v -> profile.fallback().atLeast(v)).toList();
            return attempt(ctx, profile, lower, List.of(), true, r.hellos() + 1,
                    "after a fallback to " + profile.fallback().label() + " (first attempt: " + r.reason() + ")");
        });
    }

    private CompletableFuture<ClientResult> attempt(ProbeContext ctx, ClientProfile p, List<ProtocolVersion> versions,
            List<Integer> shares, boolean fallback, int hellos, String note) {
        ClientHelloSpec hello = hello(p, versions, shares, fallback, ctx.sni());
        return ctx.send(hello).thenCompose(a -> {
            if (a.kind() == HelloAnswer.Kind.HELLO_RETRY) {
                int group = a.serverHello().keyShareGroup();
                // A client follows one HelloRetryRequest; a second is fatal (RFC 8446, 4.1.4).
                boolean retried = note != null && note.contains(HRR_NOTE);
                if (!retried && p.groups().contains(group) && !shares.contains(group)
                        && versions.contains(ProtocolVersion.TLSv1_3)) {
                    String n = HRR_NOTE + groupName(group);
                    return attempt(ctx, p, versions, List.of(group), fallback, hellos + 1, join(note, n));
                }
                return done(fail(p, hellos, note, words(p, Failure.ILLEGAL_PARAMETER, null)));
            }
            return done(judge(p, versions, hello, a, hellos, note));
        });
    }

    private static CompletableFuture<ClientResult> done(ClientResult r) {
        return CompletableFuture.completedFuture(r);
    }

    static ClientResult judge(ClientProfile p, List<ProtocolVersion> versions, ClientHelloSpec hello, HelloAnswer a,
            int hellos, String note) {
        if (a.kind() == HelloAnswer.Kind.UPGRADE_FAILED) {
            // The hello never left: the plaintext upgrade before it failed, which says nothing of this client.
            return fail(p, hellos, note, "not tried: the upgrade to TLS failed (" + a.detail() + ")");
        }
        if (a.kind() != HelloAnswer.Kind.SERVER_HELLO) {
            Failure f = switch (a.kind()) {
                case ALERT -> a.flight().alert().descriptionEnum() == AlertDescription.PROTOCOL_VERSION
                        ? Failure.PROTOCOL_VERSION_ALERT : Failure.HANDSHAKE_FAILURE_ALERT;
                case CONNECT_FAILED -> Failure.CONNECT;
                case TIMEOUT -> Failure.TIMEOUT;
                default -> Failure.CLOSED;
            };
            String detail = a.kind() == HelloAnswer.Kind.ALERT ? a.flight().alert().describe() : a.detail();
            return fail(p, hellos, note, words(p, f, detail));
        }
        ServerHello sh = a.serverHello();
        ProtocolVersion v = ProtocolVersion.fromWire(sh.negotiatedVersion()).orElse(null);
        if (v == null || !versions.contains(v)) {
            return fail(p, hellos, note, words(p, Failure.UNSUPPORTED_VERSION,
                    v == null ? String.format("0x%04X", sh.negotiatedVersion()) : v.label()));
        }
        CipherSuite suite = CipherSuites.byCode(sh.cipherSuite()).orElse(null);
        if (suite == null || !hello.cipherSuites().contains(sh.cipherSuite())
                || (v == ProtocolVersion.TLSv1_3) != suite.isTls13Only()) {
            return fail(p, hellos, note, words(p, Failure.WRONG_SUITE, String.format("0x%04X", sh.cipherSuite())));
        }
        String kx = null;
        if (v == ProtocolVersion.TLSv1_3) {
            int g = sh.keyShareGroup();
            if (!hello.keyShares().contains(g)) {
                return fail(p, hellos, note, words(p, Failure.ILLEGAL_PARAMETER, groupName(g)));
            }
            kx = groupName(g);
        } else {
            ServerKeyExchange ske = a.flight().serverKeyExchange();
            if (ske != null && p.legacySigalgsRefused() && !v.atLeast(ProtocolVersion.TLSv1_2)
                    && (ske.dhPrimeBits() > 0 || ske.namedGroup() > 0)) {
                // Before TLS 1.2 the ServerKeyExchange is signed with MD5+SHA-1, which OpenSSL 3 refuses at
                // security level 1 and above.
                return fail(p, hellos, note, words(p, Failure.LEGACY_SIGALG, v.label()));
            }
            if (ske != null && ske.dhPrimeBits() > 0) {
                if (ske.dhPrimeBits() < p.minDhBits()) {
                    return fail(p, hellos, note, words(p, Failure.DH_TOO_SMALL, ske.dhPrimeBits() + " bits"));
                }
                kx = "dh " + ske.dhPrimeBits();
            } else if (ske != null && ske.namedGroup() > 0) {
                if (!p.groups().isEmpty() && !p.groups().contains(ske.namedGroup())) {
                    return fail(p, hellos, note, words(p, Failure.ILLEGAL_PARAMETER, groupName(ske.namedGroup())));
                }
                kx = groupName(ske.namedGroup());
            }
        }
        return new ClientResult(p.id(), p.name(), true, v, suite, kx, null, note, hellos);
    }

    /** The profile's hello offering {@code versions} (highest first). */
    static ClientHelloSpec hello(ClientProfile p, List<ProtocolVersion> versions, List<Integer> shares,
            boolean fallback, String sni) {
        boolean tls13 = versions.contains(ProtocolVersion.TLSv1_3);
        List<Integer> suites = new ArrayList<>();
        for (int s : p.suites()) {
            boolean is13 = CipherSuites.byCode(s).map(CipherSuite::isTls13Only).orElse(false);
            if (tls13 || !is13) {
                suites.add(s);
            }
        }
        if (p.sends("scsv")) {
            suites.add(Hellos.RENEGOTIATION_SCSV);
        }
        if (fallback) {
            suites.add(FALLBACK_SCSV);
        }
        ProtocolVersion highest = versions.get(0);
        boolean ssl3 = highest == ProtocolVersion.SSLv3;
        ClientHelloSpec.Builder b = ClientHelloSpec.builder()
                .recordVersion(ssl3 ? 0x0300 : 0x0301)
                .legacyVersion(tls13 ? 0x0303 : highest.wire())
                .cipherSuites(suites)
                .serverName(p.sends("sni") && !ssl3 ? sni : null)
                .supportedGroups(ssl3 ? new int[0] : ints(p.groups()))
                .ecPointFormats(p.sends("ecpf") && !ssl3)
                .signatureAlgorithms(highest.atLeast(ProtocolVersion.TLSv1_2) ? ints(p.signatures()) : new int[0])
                .supportedVersions(tls13 ? versions.stream().mapToInt(ProtocolVersion::wire).toArray() : new int[0])
                .keyShares(tls13 ? ints(shares) : new int[0])
                .pskKeyExchangeModes(tls13 && p.sends("psk"))
                .renegotiationInfo(p.sends("reneg") && !ssl3)
                .alpn(ssl3 ? new String[0] : p.alpn().toArray(String[]::new))
                .statusRequest(p.sends("status") && !ssl3)
                .extendedMasterSecret(p.sends("ems") && !ssl3)
                .sessionTicket(p.sends("ticket") && !ssl3)
                .heartbeat(false)
                .padding(p.sends("padding") && !ssl3);
        return b.build();
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String groupName(int code) {
        return NamedGroups.byCode(code).map(g -> g.name()).orElse(String.format("0x%04X", code));
    }

    private static String join(String a, String b) {
        return a == null ? b : a + ", " + b;
    }

    private static ClientResult fail(ClientProfile p, int hellos, String note, String reason) {
        return new ClientResult(p.id(), p.name(), false, null, null, null, reason, note, hellos);
    }

    /** Why a simulated handshake fails. */
    enum Failure {
        HANDSHAKE_FAILURE_ALERT, PROTOCOL_VERSION_ALERT, UNSUPPORTED_VERSION, WRONG_SUITE, ILLEGAL_PARAMETER,
        DH_TOO_SMALL, LEGACY_SIGALG, CLOSED, TIMEOUT, CONNECT
    }

    /** The failure in the words the client prints, followed by what the server did. */
    static String words(ClientProfile p, Failure f, String detail) {
        if (p.style().equals("java") && f == Failure.UNSUPPORTED_VERSION) {
            return "The server selected protocol version " + detail + " which is not accepted by client preferences "
                    + p.versions().stream().map(ProtocolVersion::label).toList();
        }
        String openssl = switch (f) {
            case HANDSHAKE_FAILURE_ALERT -> "sslv3 alert handshake failure";
            case PROTOCOL_VERSION_ALERT -> "tlsv1 alert protocol version";
            case UNSUPPORTED_VERSION -> "unsupported protocol";
            case WRONG_SUITE -> "wrong cipher returned";
            case ILLEGAL_PARAMETER -> "illegal parameter";
            case DH_TOO_SMALL -> "dh key too small";
            case LEGACY_SIGALG -> "legacy sigalg disallowed or unsupported";
            case CLOSED -> "unexpected eof while reading";
            case TIMEOUT -> "timed out";
            case CONNECT -> "connection refused";
        };
        String text = switch (p.style()) {
            case "curl" -> "curl: (" + (f == Failure.CONNECT ? "7" : f == Failure.TIMEOUT ? "28" : "35") + ") " + openssl;
            case "python" -> "[SSL: " + openssl.toUpperCase(java.util.Locale.ROOT).replace(' ', '_') + "] " + openssl;
            case "java" -> switch (f) {
                case HANDSHAKE_FAILURE_ALERT -> "Received fatal alert: handshake_failure";
                case PROTOCOL_VERSION_ALERT -> "Received fatal alert: protocol_version";
                case DH_TOO_SMALL -> "DH ServerKeyExchange does not comply to algorithm constraints";
                case CLOSED -> "Remote host terminated the handshake";
                default -> "SSLHandshakeException: " + f.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            };
            case "go" -> switch (f) {
                case HANDSHAKE_FAILURE_ALERT -> "remote error: tls: handshake failure";
                case PROTOCOL_VERSION_ALERT -> "remote error: tls: protocol version not supported";
                case UNSUPPORTED_VERSION -> "tls: server selected unsupported protocol version";
                case WRONG_SUITE -> "tls: server chose an unconfigured cipher suite";
                case CLOSED -> "EOF";
                default -> "tls: " + f.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            };
            case "chrome" -> switch (f) {
                case HANDSHAKE_FAILURE_ALERT, PROTOCOL_VERSION_ALERT, UNSUPPORTED_VERSION ->
                        "ERR_SSL_VERSION_OR_CIPHER_MISMATCH";
                case CLOSED -> "ERR_CONNECTION_CLOSED";
                case TIMEOUT -> "ERR_TIMED_OUT";
                case CONNECT -> "ERR_CONNECTION_REFUSED";
                default -> "ERR_SSL_PROTOCOL_ERROR";
            };
            case "firefox" -> switch (f) {
                case HANDSHAKE_FAILURE_ALERT -> "SSL_ERROR_NO_CYPHER_OVERLAP";
                case PROTOCOL_VERSION_ALERT -> "SSL_ERROR_PROTOCOL_VERSION_ALERT";
                case UNSUPPORTED_VERSION -> "SSL_ERROR_UNSUPPORTED_VERSION";
                case CLOSED -> "PR_END_OF_FILE_ERROR";
                default -> "SSL_ERROR_RX_MALFORMED_SERVER_HELLO";
            };
            case "safari" -> "Safari can't establish a secure connection to the server";
            case "android" -> "javax.net.ssl.SSLHandshakeException: Handshake failed";
            default -> openssl;
        };
        return detail == null ? text : text + " (" + detail + ")";
    }
}
