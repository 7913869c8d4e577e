package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.NamedGroups;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.KeyExchangeParams;
import dev.tlsweep.core.report.Severity;
import dev.tlsweep.core.wire.ServerHello;
import dev.tlsweep.core.wire.ServerKeyExchange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads a server's answer to a hello offered at one version: did it negotiate that version, which
 * suite, with which parameters — and did it break the protocol while doing so. Pure functions.
 */
final class Negotiation {

    private static final int TLS13 = 0x0304;

    private Negotiation() {
    }

    /**
     * What {@code answer} to an offer of {@code offered} at exactly {@code version} means. Protocol
     * violations on the way are the reading's observations. Pure.
     */
    static Reading read(ProtocolVersion version, Collection<Integer> offered, HelloAnswer answer) {
        List<Finding> seen = new ArrayList<>();
        Reading.Kind kind;
        Pick pick = null;
        String detail = answer.detail();
        switch (answer.kind()) {
            case SERVER_HELLO, HELLO_RETRY -> {
                pick = pickAt(version, offered, answer, seen);
                if (pick != null) {
                    kind = Reading.Kind.PICK;
                } else if (seen.stream().anyMatch(f -> f.code().equals("SUITE_NOT_OFFERED"))) {
                    kind = Reading.Kind.FAILED;
                    detail = String.format("the server picked the suite 0x%04X, which was not offered",
                            answer.serverHello().cipherSuite());
                } else {
                    kind = Reading.Kind.REFUSED;
                    detail = "a ServerHello at another version";
                }
            }
            case SSL2_SERVER_HELLO, ALERT -> kind = Reading.Kind.REFUSED;
            case RESET, CLOSED, TIMEOUT -> kind = answer.unanswered() ? Reading.Kind.UNANSWERED : Reading.Kind.FAILED;
            default -> kind = Reading.Kind.FAILED; // CONNECT_FAILED, NOT_TLS, MALFORMED
        }
        return new Reading(kind, pick, detail, answer.sentAtNanos(), answer.answeredAtNanos(), answer.attempts(),
                answer.kind() == HelloAnswer.Kind.TIMEOUT, seen);
    }

    /**
     * The suite the server picked at exactly {@code version} from {@code offered}, or {@code null} when
     * it refused or negotiated something else; protocol violations are added to {@code seen}.
     */
    private static Pick pickAt(ProtocolVersion version, Collection<Integer> offered, HelloAnswer answer,
            List<Finding> seen) {
        ServerHello sh = answer.serverHello();
        if (sh == null) {
            return null;
        }
        if (version == ProtocolVersion.TLSv1_3) {
            if (sh.selectedVersion() != TLS13) {
                if (sh.legacyVersion() == TLS13 && sh.selectedVersion() < 0) {
                    seen.add(new Finding(FindingCode.TLS13_WITHOUT_SUPPORTED_VERSIONS, Severity.LOW,
                            "The server claimed TLS 1.3 in the ServerHello's version field without the"
                                    + " supported_versions extension, which RFC 8446 requires; TLS 1.3 is not"
                                    + " counted as supported",
                            "Update the TLS stack: a TLS 1.3 ServerHello must carry supported_versions"));
                }
                return null;
            }
        } else {
            if (sh.selectedVersion() >= 0) {
                seen.add(new Finding(FindingCode.UNSOLICITED_SUPPORTED_VERSIONS, Severity.LOW,
                        "The server sent supported_versions in answer to a " + version.label()
                                + " hello that did not offer it",
                        "Update the TLS stack: extensions must only answer what the client offered"));
                return null;
            }
            int v = sh.legacyVersion();
            if (v != version.wire()) {
                if (v > version.wire()) {
                    seen.add(new Finding(FindingCode.VERSION_ABOVE_OFFER, Severity.MEDIUM,
                            "The server answered a " + version.label() + " hello with "
                                    + ProtocolVersion.fromWire(v).map(ProtocolVersion::label)
                                            .orElse(String.format("version 0x%04X", v))
                                    + ", a higher version than the client offered",
                            "Update the TLS stack: a server must not negotiate above the client's version"));
                }
                return null; // a lower version means this one is not supported
            }
        }
        int suite = sh.cipherSuite();
        if (!offered.contains(suite)) {
            seen.add(new Finding(FindingCode.SUITE_NOT_OFFERED, Severity.MEDIUM,
                    String.format("The server picked the cipher suite 0x%04X at %s although the client did not"
                            + " offer it; the suites of this version may be incomplete", suite, version.label()),
                    "Update the TLS stack: a server must pick one of the offered suites"));
            return null;
        }
        return new Pick(suite, keyExchange(answer, sh));
    }

    /** The ephemeral key-exchange parameters of a flight: the TLS 1.3 key share, or the ServerKeyExchange. */
    static KeyExchangeParams keyExchange(HelloAnswer answer, ServerHello sh) {
        if (sh.keyShareGroup() >= 0) {
            return group(sh.keyShareGroup());
        }
        ServerKeyExchange ske = answer.flight().serverKeyExchange();
        if (ske == null) {
            return null;
        }
        if (ske.namedGroup() >= 0) {
            return group(ske.namedGroup());
        }
        if (ske.dhPrimeBits() > 0) {
            return new KeyExchangeParams("dh", ske.dhPrimeBits());
        }
        if (ske.exportRsaModulusBits() > 0) {
            return new KeyExchangeParams("rsa-export", ske.exportRsaModulusBits());
        }
        return null;
    }

    private static KeyExchangeParams group(int code) {
        return NamedGroups.byCode(code)
                .map(g -> new KeyExchangeParams(g.name(), g.bits()))
                .orElse(new KeyExchangeParams(String.format("0x%04X", code), 0));
    }
}
