package dev.tlsweep.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides, like a server would, which version and suite to answer a ClientHello with, or how to
 * refuse it. Pure: no I/O, no state, safe to share between connections.
 */
final class CannedNegotiator {

    private final CannedConfig config;

    CannedNegotiator(CannedConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * @param hello the hello received
     * @param retried whether this hello follows a HelloRetryRequest on the same connection
     */
    CannedAnswer answer(CannedClientHello hello, boolean retried) {
        if (config.has(CannedQuirk.INTOLERANT_256_511) && !hello.sslv2Format()
                && hello.recordLength() >= 256 && hello.recordLength() <= 511) {
            return new CannedAnswer.Hang();
        }
        if (config.has(CannedQuirk.LARGE_HELLO_INTOLERANT) && !hello.sslv2Format() && hello.recordLength() > 1500) {
            return new CannedAnswer.Reset();
        }
        if (config.has(CannedQuirk.PQ_KEY_SHARE_INTOLERANT) && hello.keyShareGroups().contains(0x11EC)) {
            return new CannedAnswer.Reset();
        }
        if (config.has(CannedQuirk.REQUIRE_ALPN_POSTGRESQL) && !hello.alpn().contains("postgresql")) {
            return alert(CannedAnswer.ALERT_NO_APPLICATION_PROTOCOL, recordVersion(hello), false);
        }
        if (config.has(CannedQuirk.MAX_128_SUITES) && hello.cipherSuites().size() > 128) {
            return alert(CannedAnswer.ALERT_ILLEGAL_PARAMETER, recordVersion(hello), false);
        }
        return hello.sslv2Format() ? answerSslv2Format(hello) : answerTls(hello, retried);
    }

    private CannedAnswer answerSslv2Format(CannedClientHello hello) {
        int legacy = hello.legacyVersion();
        if (legacy >= CannedConfig.SSL3) {
            Integer version = highestAtMost(Math.min(legacy, CannedConfig.TLS12));
            if (version != null) {
                List<Integer> suites = new ArrayList<>();
                for (int kind : hello.cipherSuites()) {
                    if ((kind >>> 16) == 0) {
                        suites.add(kind);
                    }
                }
                return tls12(hello, version, suites);
            }
        }
        if (legacy >= CannedConfig.SSL2 && config.versions().containsKey(CannedConfig.SSL2)) {
            List<Integer> kinds = select(config.suites(CannedConfig.SSL2), hello.cipherSuites(), true);
            if (kinds.isEmpty()) {
                return new CannedAnswer.Reject(CannedAnswer.ALERT_HANDSHAKE_FAILURE, CannedConfig.SSL2, true, true);
            }
            return new CannedAnswer.Sslv2(kinds);
        }
        return alert(CannedAnswer.ALERT_PROTOCOL_VERSION, recordVersion(hello), true);
    }

    private CannedAnswer answerTls(CannedClientHello hello, boolean retried) {
        Integer version;
        if (config.speaksTls13() && !hello.supportedVersions().isEmpty()) {
            version = null;
            for (int candidate : hello.supportedVersions()) {
                if (candidate >= CannedConfig.SSL3 && candidate <= CannedConfig.TLS13
                        && config.versions().containsKey(candidate) && (version == null || candidate > version)) {
                    version = candidate;
                }
            }
        } else {
            version = highestAtMost(Math.min(hello.legacyVersion(), CannedConfig.TLS12));
        }
        if (version == null) {
            return alert(CannedAnswer.ALERT_PROTOCOL_VERSION, recordVersion(hello), true);
        }
        if (version == CannedConfig.TLS13) {
            return tls13(hello, retried);
        }
        return tls12(hello, version, hello.cipherSuites());
    }

    private CannedAnswer tls12(CannedClientHello hello, int version, List<Integer> offered) {
        if (config.has(CannedQuirk.REQUIRE_RENEGOTIATION_INFO) && !hello.signalsRenegotiation()) {
            return alert(CannedAnswer.ALERT_HANDSHAKE_FAILURE, version, false);
        }
        Integer suite = pick(version, offered);
        if (suite == null) {
            return alert(CannedAnswer.ALERT_HANDSHAKE_FAILURE, version, true);
        }
        return new CannedAnswer.Tls(version, suite);
    }

    private CannedAnswer tls13(CannedClientHello hello, boolean retried) {
        Integer suite = pick(CannedConfig.TLS13, hello.cipherSuites());
        if (suite == null) {
            return alert(CannedAnswer.ALERT_HANDSHAKE_FAILURE, CannedConfig.TLS12, true);
        }
        int group = config.group();
        if (hello.keyShareGroups().contains(group)) {
            return new CannedAnswer.Tls13(suite, group);
        }
        if (retried) {
            // RFC 8446 4.1.4: the retried hello must carry the share that was asked for
            return alert(CannedAnswer.ALERT_ILLEGAL_PARAMETER, CannedConfig.TLS12, false);
        }
        boolean groupSupported = hello.supportedGroups().contains(group);
        if (groupSupported && config.has(CannedQuirk.HRR_WITHOUT_KEY_SHARE)) {
            return new CannedAnswer.Retry(suite, group);
        }
        if (!hello.supportedGroups().isEmpty() && !groupSupported) {
            return alert(CannedAnswer.ALERT_HANDSHAKE_FAILURE, CannedConfig.TLS12, true);
        }
        // Lenient on purpose: without the HRR quirk a canned server answers with its group anyway.
        return new CannedAnswer.Tls13(suite, group);
    }

    private Integer pick(int version, List<Integer> offered) {
        List<Integer> accepted = config.suites(version);
        if (config.has(CannedQuirk.PICK_UNOFFERED_SUITE) && !accepted.isEmpty()) {
            return accepted.get(0);
        }
        List<Integer> common = select(accepted, offered, false);
        return common.isEmpty() ? null : common.get(0);
    }

    /** The common values in preference order: all of them, or only the first when {@code all} is false. */
    private List<Integer> select(List<Integer> accepted, List<Integer> offered, boolean all) {
        List<Integer> outer = config.serverPreference() ? accepted : offered;
        List<Integer> inner = config.serverPreference() ? offered : accepted;
        List<Integer> common = new ArrayList<>();
        for (int value : outer) {
            if (inner.contains(value) && !common.contains(value)) {
                common.add(value);
                if (!all) {
                    break;
                }
            }
        }
        return common;
    }

    /** The highest configured SSLv3/TLS version not above {@code max}, never TLS 1.3. */
    private Integer highestAtMost(int max) {
        Integer version = config.versions().floorKey(Math.min(max, CannedConfig.TLS12));
        return version == null || version < CannedConfig.SSL3 ? null : version;
    }

    private static int recordVersion(CannedClientHello hello) {
        return Math.max(CannedConfig.SSL3, Math.min(hello.legacyVersion(), CannedConfig.TLS12));
    }

    private static CannedAnswer alert(int description, int recordVersion, boolean quirkable) {
        return new CannedAnswer.Reject(description, recordVersion, false, quirkable);
    }
}
