package dev.tlsweep.core.report;

import static dev.tlsweep.core.report.JsonFields.array;
import static dev.tlsweep.core.report.JsonFields.strings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.reach.Transport;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the JSON form of {@link ReportJson} back into an {@link EndpointReport}: what {@code --resume},
 * {@code summarize} and the other consumers of report files use, so that they judge the same records a
 * live run judges. Lenient where {@code tlsweep/1} grew (members added later default to what older
 * reports meant: a protocol without {@code status} was completed), strict where a value would be
 * misread (an unknown status, a malformed date or suite code is an error naming the member).
 *
 * <p>What the JSON form does not carry is absent from the record read back: the stapled OCSP response,
 * each chain's findings (they are among the report's findings) and the fixed chain.
 */
public final class ReportReader {

    /** A report line of a sweep: the inventory line it came from ({@code "line"}), if any, and the report. */
    public record Line(OptionalLong line, EndpointReport report) {
    }

    /** A line that is not a tlsweep report, with what is wrong. */
    public static final class ReportFormatException extends Exception {

        ReportFormatException(String message) {
            super(message, null, false, false);
        }
    }

    private static final java.util.regex.Pattern SUITE_CODE = java.util.regex.Pattern.compile(
            "0x[0-9A-Fa-f]{4}([0-9A-Fa-f]{2})?");

    /** Longest JSON line accepted; a report with every chain and policy is far below. */
    public static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_LINE_CHARS).maxNestingDepth(64).build())
            .build()).build();

    private ReportReader() {
    }

    /** Reads one report line (with or without a sweep's {@code "line"}). */
    public static Line readLine(String json) throws ReportFormatException {
        if (json.length() > MAX_LINE_CHARS) {
            throw new ReportFormatException("a line of " + json.length() + " characters (expected: at most "
                    + MAX_LINE_CHARS + ")");
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ReportFormatException("not JSON: " + clip(e.getOriginalMessage()));
        }
        return read(n);
    }

    /** Reads one report object. */
    public static Line read(JsonNode n) throws ReportFormatException {
        if (n == null || !n.isObject()) {
            throw new ReportFormatException("not a JSON object");
        }
        String schema = n.path("schema").asText("");
        if (!schema.startsWith("tlsweep/")) {
            throw new ReportFormatException("not a tlsweep report (schema: '" + clip(schema) + "', expected: "
                    + EndpointReport.SCHEMA + ")");
        }
        OptionalLong line = n.hasNonNull("line") && n.get("line").canConvertToLong()
                ? OptionalLong.of(n.get("line").asLong()) : OptionalLong.empty();
        String statusLabel = text(n, "status", true);
        ScanStatus status = ScanStatus.fromLabel(statusLabel)
                .orElseThrow(() -> new ReportFormatException("status: '" + clip(statusLabel) + "' (expected: "
                        + labels(ScanStatus.values()) + ")"));
        int port = (int) number(n, "port", true);
        if (port < 0 || port > 65535) {
            throw new ReportFormatException("port: " + port + " (expected: 0..65535)");
        }
        List<ProtocolReport> protocols = new ArrayList<>();
        for (JsonNode p : array(n, "protocols")) {
            protocols.add(protocol(p));
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode f : array(n, "findings")) {
            findings.add(finding(f));
        }
        List<ServedChain> servedChains = new ArrayList<>();
        for (JsonNode c : array(n, "served")) {
            servedChains.add(served(c));
        }
        CertificateCapture served = capture(n, servedChains);
        List<ChainReport> chains = new ArrayList<>();
        for (JsonNode c : array(n, "certificates")) {
            chains.add(chain(c));
        }
        List<ClientResult> clients = new ArrayList<>();
        for (JsonNode c : array(n, "clients")) {
            clients.add(client(c));
        }
        PolicyResults policy = n.hasNonNull("policy") ? policy(n.get("policy")) : null;
        Provenance provenance = n.hasNonNull("scanner") ? provenance(n.get("scanner")) : null;
        String transportLabel = n.hasNonNull("transport") ? text(n, "transport", true) : Transport.TCP.label();
        Transport transport = Transport.fromLabel(transportLabel).orElseThrow(() -> new ReportFormatException(
                "transport: '" + clip(transportLabel) + "' (expected: tcp, quic)"));
        String starttlsLabel = optText(n, "starttls");
        Starttls starttls = starttlsLabel == null ? null : Starttls.fromLabel(starttlsLabel).orElseThrow(() ->
                new ReportFormatException("starttls: '" + clip(starttlsLabel) + "' (expected: null or one of "
                        + labels(Starttls.values()) + ")"));
        EndpointReport report = EndpointReport.builder(text(n, "target", true), text(n, "host", true), port)
                .ip(optText(n, "ip"))
                .sni(optText(n, "sni"))
                .status(status)
                .error(optText(n, "error"))
                .protocols(protocols)
                .served(served)
                .chains(chains)
                .clients(clients)
                .policy(policy)
                .checks(DepthJson.readChecks(n))
                .findings(findings)
                .startedAt(instant(n, "startedAt"))
                .durationMillis(number(n, "durationMillis", false))
                .hellosSent((int) number(n, "hellosSent", false))
                .provenance(provenance)
                .transport(transport)
                .starttls(starttls)
                .quic(ReachJson.readQuic(n))
                .discovery(ReachJson.readDiscovery(n))
                .build();
        return new Line(line, report);
    }

    /** The capture; lines written before servedStatus existed read as completed when they have chains or a note. */
    private static CertificateCapture capture(JsonNode n, List<ServedChain> chains) throws ReportFormatException {
        String label = optText(n, "servedStatus");
        String note = optText(n, "servedNote");
        if (label == null) {
            return chains.isEmpty() && note == null ? CertificateCapture.NONE : new CertificateCapture(chains, note);
        }
        ProbeStatus status = ProbeStatus.fromLabel(label).orElseThrow(() -> new ReportFormatException(
                "servedStatus: '" + clip(label) + "' (expected: " + labels(ProbeStatus.values()) + ")"));
        String error = optText(n, "servedError");
        boolean failed = status == ProbeStatus.INCOMPLETE || status == ProbeStatus.ERROR;
        if (failed && error == null) {
            throw new ReportFormatException("servedError: missing (expected: the reason of servedStatus " + label + ")");
        }
        return new CertificateCapture(chains, note, status, failed ? error : null);
    }

    private static ProtocolReport protocol(JsonNode p) throws ReportFormatException {
        String v = text(p, "version", true);
        ProtocolVersion version = ProtocolVersion.fromLabel(v)
                .orElseThrow(() -> new ReportFormatException("protocols[].version: '" + clip(v) + "'"));
        ProbeStatus status = ProbeStatus.COMPLETED;
        if (p.hasNonNull("status")) {
            String s = p.get("status").asText();
            status = ProbeStatus.fromLabel(s).orElseThrow(() -> new ReportFormatException(
                    "protocols[].status: '" + clip(s) + "' (expected: " + labels(ProbeStatus.values()) + ")"));
        }
        String error = status == ProbeStatus.COMPLETED ? null : optText(p, "error");
        ProbeRun run = new ProbeRun(status, error, Math.max(0, number(p, "durationMillis", false)),
                (int) Math.max(0, number(p, "hellos", false)));
        List<AcceptedSuite> suites = new ArrayList<>();
        for (JsonNode s : array(p, "suites")) {
            suites.add(suite(s));
        }
        boolean accepted = p.path("accepted").asBoolean(false) || !suites.isEmpty();
        Boolean preference = p.hasNonNull("serverPreference") ? p.get("serverPreference").asBoolean() : null;
        return new ProtocolReport(version, run, accepted, preference, suites, optText(p, "note"),
                DepthJson.readGroups(p), DepthJson.readSignatureAlgorithms(p));
    }

    private static AcceptedSuite suite(JsonNode s) throws ReportFormatException {
        String code = text(s, "code", true);
        CipherSuite suite = suiteByCode(code)
                .orElseThrow(() -> new ReportFormatException("suites[].code: '" + clip(code) + "' is no known suite"));
        KeyExchangeParams kx = null;
        JsonNode e = s.get("ephemeral");
        if (e != null && e.isObject()) {
            kx = new KeyExchangeParams(e.path("group").asText(""), e.path("bits").asInt(0));
        }
        return new AcceptedSuite(suite, kx);
    }

    private static Optional<CipherSuite> suiteByCode(String hex) {
        if (hex == null || !SUITE_CODE.matcher(hex).matches()) {
            return Optional.empty();
        }
        int code = Integer.parseInt(hex.substring(2), 16);
        return hex.length() == 8 ? CipherSuites.bySslv2Code(code) : CipherSuites.byCode(code);
    }

    private static Finding finding(JsonNode f) throws ReportFormatException {
        String sev = text(f, "severity", true);
        Severity severity;
        try {
            severity = Severity.valueOf(sev.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ReportFormatException("findings[].severity: '" + clip(sev) + "'");
        }
        List<String> subjects = new ArrayList<>();
        for (JsonNode s : array(f, "subjects")) {
            subjects.add(s.asText());
        }
        return new Finding(text(f, "code", true), severity, text(f, "message", true), optText(f, "fix"), subjects);
    }

    private static ServedChain served(JsonNode c) throws ReportFormatException {
        String v = text(c, "version", true);
        ProtocolVersion version = ProtocolVersion.fromLabel(v)
                .orElseThrow(() -> new ReportFormatException("served[].version: '" + clip(v) + "'"));
        int suite = -1;
        String name = optText(c, "suite");
        if (name != null) {
            Optional<CipherSuite> s = CipherSuites.byName(name).or(() -> suiteByCode(name));
            if (s.isEmpty()) {
                throw new ReportFormatException("served[].suite: '" + clip(name) + "' is no known suite");
            }
            suite = s.get().code();
        }
        List<byte[]> ders = new ArrayList<>();
        for (JsonNode b : array(c, "certificates")) {
            try {
                ders.add(Base64.getDecoder().decode(b.asText()));
            } catch (IllegalArgumentException e) {
                throw new ReportFormatException("served[].certificates[]: not base64");
            }
        }
        if (ders.isEmpty()) {
            throw new ReportFormatException("served[].certificates: [] (expected: at least the leaf)");
        }
        return new ServedChain(text(c, "keyType", true), version, suite, ders, c.path("ocspStapled").asBoolean(false),
                null);
    }

    private static ChainReport chain(JsonNode c) throws ReportFormatException {
        List<CertificateInfo> served = new ArrayList<>();
        for (JsonNode i : array(c, "served")) {
            served.add(certificate(i));
        }
        List<CertificateInfo> path = new ArrayList<>();
        for (JsonNode i : array(c, "path")) {
            path.add(certificate(i));
        }
        JsonNode o = c.path("openssl");
        int code = o.path("code").asInt(0);
        OpenSslVerdict verdict = new OpenSslVerdict(Math.max(0, code),
                o.hasNonNull("text") ? o.get("text").asText() : OpenSslVerdict.errorString(code),
                Math.max(0, o.path("depth").asInt(0)));
        return new ChainReport(served, path, c.path("complete").asBoolean(false), c.path("trusted").asBoolean(false),
                c.path("aiaFixable").asBoolean(false), c.path("hostnameValid").asBoolean(false), verdict, List.of(),
                null, optText(c, "limited"), aia(c));
    }

    private static List<AiaFetch> aia(JsonNode c) throws ReportFormatException {
        List<AiaFetch> out = new ArrayList<>();
        for (JsonNode f : array(c, "aia")) {
            out.add(new AiaFetch(text(f, "url", true), text(f, "outcome", true), optText(f, "detail")));
        }
        return out;
    }

    private static CertificateInfo certificate(JsonNode i) throws ReportFormatException {
        return new CertificateInfo(text(i, "subject", true), text(i, "issuer", true), text(i, "serial", true),
                text(i, "sha256", true), optText(i, "spkiSha256"), instant(i, "notBefore"), instant(i, "notAfter"),
                number(i, "daysLeft", false), text(i, "keyType", true), (int) number(i, "keyBits", false),
                optText(i, "curve"), text(i, "signatureAlgorithm", true), strings(i, "dnsNames"),
                strings(i, "ipAddresses"), i.path("selfIssued").asBoolean(false), i.path("ca").asBoolean(false),
                strings(i, "caIssuers"));
    }

    private static ClientResult client(JsonNode c) throws ReportFormatException {
        ProtocolVersion version = null;
        String v = optText(c, "version");
        if (v != null) {
            version = ProtocolVersion.fromLabel(v)
                    .orElseThrow(() -> new ReportFormatException("clients[].version: '" + clip(v) + "'"));
        }
        CipherSuite suite = null;
        String s = optText(c, "suite");
        if (s != null) {
            suite = CipherSuites.byName(s)
                    .orElseThrow(() -> new ReportFormatException("clients[].suite: '" + clip(s) + "'"));
        }
        return new ClientResult(text(c, "client", true), text(c, "name", true), c.path("connected").asBoolean(false),
                version, suite, optText(c, "keyExchange"), optText(c, "reason"), optText(c, "note"),
                (int) number(c, "hellos", false));
    }

    private static PolicyResults policy(JsonNode p) throws ReportFormatException {
        List<PolicyResult> checks = new ArrayList<>();
        for (JsonNode r : array(p, "checks")) {
            checks.add(policyResult(r));
        }
        PolicyMatch match = null;
        JsonNode m = p.get("match");
        if (m != null && m.isObject()) {
            match = new PolicyMatch(strings(m, "exact"), text(m, "nearest", true), (int) number(m, "distance", false),
                    policyResult(m.path("difference")));
        }
        return new PolicyResults(checks, match);
    }

    private static PolicyResult policyResult(JsonNode r) throws ReportFormatException {
        List<Deviation> deviations = new ArrayList<>();
        for (JsonNode d : array(r, "deviations")) {
            String label = text(d, "kind", true);
            Deviation.Kind kind = Deviation.Kind.fromLabel(label).orElseThrow(() -> new ReportFormatException(
                    "deviations[].kind: '" + clip(label) + "'"));
            deviations.add(new Deviation(kind, d.path("failing").asBoolean(false), strings(d, "subjects"),
                    text(d, "message", true)));
        }
        return new PolicyResult(text(r, "policy", true), r.path("compliant").asBoolean(false), deviations,
                strings(r, "notChecked"));
    }

    /** The {@code "scanner"} member (what made a report), as {@link ReportJson#writeProvenance} writes it. */
    public static Provenance provenance(JsonNode s) throws ReportFormatException {
        if (!s.isObject()) {
            throw new ReportFormatException("scanner: not an object");
        }
        java.util.Map<String, String> options = new java.util.TreeMap<>();
        JsonNode o = s.path("options");
        if (!o.isMissingNode() && !o.isNull() && !o.isObject()) {
            throw new ReportFormatException("scanner.options: not an object");
        }
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            options.put(e.getKey(), e.getValue().asText());
        }
        Provenance.TrustStore trust = null;
        JsonNode t = s.get("trustStore");
        if (t != null && t.isObject()) {
            trust = new Provenance.TrustStore(text(t, "source", true), (int) Math.max(0, number(t, "anchors", false)),
                    text(t, "sha256", true));
        }
        String version = optText(s, "version");
        String commit = optText(s, "commit");
        return new Provenance(version == null ? Build.UNKNOWN : version, commit == null ? Build.UNKNOWN : commit,
                s.path("modified").asBoolean(false), options, trust);
    }

    private static String text(JsonNode n, String field, boolean required) throws ReportFormatException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ReportFormatException("missing " + field);
            }
            return null;
        }
        if (!v.isValueNode()) {
            throw new ReportFormatException(field + ": not a string");
        }
        return v.asText();
    }

    private static String optText(JsonNode n, String field) throws ReportFormatException {
        return text(n, field, false);
    }

    private static long number(JsonNode n, String field, boolean required) throws ReportFormatException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ReportFormatException("missing " + field);
            }
            return 0;
        }
        if (!v.canConvertToLong()) {
            throw new ReportFormatException(field + ": '" + clip(v.asText()) + "' (expected: an integer)");
        }
        return v.asLong();
    }

    private static Instant instant(JsonNode n, String field) throws ReportFormatException {
        String s = text(n, field, false);
        if (s == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new ReportFormatException(field + ": '" + clip(s) + "' (expected: an ISO-8601 instant)");
        }
    }

    private static String labels(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> v : values) {
            out.add(v instanceof ScanStatus s ? s.label() : v instanceof ProbeStatus p ? p.label()
                    : v instanceof Starttls t ? t.label() : v.name());
        }
        return String.join(", ", out);
    }

    /** At most 60 characters of a value, printable and without key material ({@link Printable}), for messages. */
    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return Printable.cut(Printable.hideSecrets(s), 60);
    }
}
