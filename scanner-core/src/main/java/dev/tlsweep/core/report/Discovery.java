package dev.tlsweep.core.report;

import java.util.List;
import java.util.Objects;

/**
 * What an HTTPS endpoint announces of its other ways in: HTTP/3 and Encrypted Client Hello, from the {@code Alt-Svc}
 * header of its HTTP answer (RFC 7838) and from the DNS HTTPS record of its name (RFC 9460, RR type 65), with whether
 * each ECH configuration parses as an ECHConfigList (RFC 9849).
 *
 * @param altSvc the Alt-Svc header of the HTTP answer; its run says whether one was read
 * @param https  the HTTPS records of the name, or {@code null} when none were asked for (an IP target, a name under
 *               localhost or of the hosts file)
 */
public record Discovery(AltSvc altSvc, HttpsRecords https) {

    /**
     * Whether the endpoint announces HTTP/3: {@code true} when either source announces {@code h3} (in Alt-Svc, or in
     * an HTTPS record's alpn); {@code false} when the HTTP answer was read and the DNS answer too (or no name was
     * there to ask) and neither does; {@code null} when a source that could have announced it was not read.
     */
    public Boolean h3() {
        boolean alt = altSvc != null && altSvc.alternatives().stream().anyMatch(a -> a.protocol().equals("h3"));
        boolean dns = https != null && https.records().stream().anyMatch(r -> r.alpn().contains("h3"));
        if (alt || dns) {
            return true;
        }
        boolean altRead = altSvc != null && altSvc.run().completed();
        boolean dnsRead = https == null || !https.status().equals("error");
        return altRead && dnsRead ? false : null;
    }

    /**
     * Whether an HTTPS record carries an ECH configuration: {@code null} when no DNS answer was read (a failed
     * query) or none was asked for (an IP target, a name of the hosts file).
     */
    public Boolean ech() {
        if (https == null || https.status().equals("error")) {
            return null;
        }
        return https.records().stream().anyMatch(r -> r.ech() != null);
    }

    /**
     * The Alt-Svc header of the endpoint's HTTP answer.
     *
     * @param run          how the HTTP request went (completed, or why no answer was read)
     * @param header       the header's value as sent, made printable and cut to 512 characters; {@code null} when
     *                     the answer had none
     * @param alternatives the alternatives it lists, in its order ({@code clear}: none)
     * @param error        why the value did not parse, or {@code null}
     */
    public record AltSvc(ProbeRun run, String header, List<Alternative> alternatives, String error) {
        public AltSvc {
            Objects.requireNonNull(run, "run");
            alternatives = List.copyOf(alternatives);
        }
    }

    /**
     * One alternative service of an Alt-Svc header.
     *
     * @param protocol the ALPN protocol id ({@code h3}, {@code h3-29}, ...)
     * @param host     the alternative host, empty for the same host
     * @param port     the alternative port
     * @param maxAge   the {@code ma} parameter in seconds, or {@code null} (default 24 hours)
     */
    public record Alternative(String protocol, String host, int port, Long maxAge) {
    }

    /**
     * The HTTPS records of the endpoint's name.
     *
     * @param status  {@code found}, {@code none} (the name has no HTTPS record) or {@code error}
     * @param error   what went wrong, or {@code null}
     * @param records the records, lowest priority first
     */
    public record HttpsRecords(String status, String error, List<HttpsRecord> records) {
        public HttpsRecords {
            Objects.requireNonNull(status, "status");
            records = List.copyOf(records);
        }
    }

    /**
     * One HTTPS record (RFC 9460 2.2): alias mode when {@code priority} is 0, else service mode with its parameters.
     *
     * @param priority     SvcPriority
     * @param target       TargetName ({@code .} for the owner name)
     * @param alpn         the alpn parameter
     * @param noDefaultAlpn whether no-default-alpn is set
     * @param port         the port parameter, or {@code null}
     * @param ech          the ech parameter, or {@code null} when absent
     * @param error        why the record's parameters did not parse, or {@code null}
     */
    public record HttpsRecord(int priority, String target, List<String> alpn, boolean noDefaultAlpn, Integer port,
            Ech ech, String error) {
        public HttpsRecord {
            alpn = List.copyOf(alpn);
        }
    }

    /**
     * The ech parameter of an HTTPS record: an ECHConfigList (RFC 9849 4).
     *
     * @param bytes   its length
     * @param parses  whether it parses as an ECHConfigList with at least one configuration tlsweep understands
     * @param error   why it does not, or {@code null}
     * @param configs the configurations of version 0xfe0d, in order
     */
    public record Ech(int bytes, boolean parses, String error, List<EchConfig> configs) {
        public Ech {
            configs = List.copyOf(configs);
        }
    }

    /**
     * One ECHConfig of version 0xfe0d.
     *
     * @param configId      config_id
     * @param kem           the HPKE KEM (e.g. {@code DHKEM(X25519, HKDF-SHA256)}, or its hex id)
     * @param cipherSuites  the HPKE KDF and AEAD pairs ({@code HKDF-SHA256/AES-128-GCM})
     * @param publicName    public_name: the name the outer ClientHello carries
     * @param maxNameLength maximum_name_length
     */
    public record EchConfig(int configId, String kem, List<String> cipherSuites, String publicName,
            int maxNameLength) {
        public EchConfig {
            cipherSuites = List.copyOf(cipherSuites);
        }
    }
}
