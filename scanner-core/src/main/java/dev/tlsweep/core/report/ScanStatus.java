package dev.tlsweep.core.report;

/** How the scan of one endpoint ended. Every endpoint gets exactly one. */
public enum ScanStatus {
    /** The endpoint speaks TLS (or SSL) and was scanned; findings say what is wrong with it. */
    OK("ok"),
    /**
     * The endpoint speaks TLS, but some probes could not finish (connections reset or timed out without
     * an answer, a connection limit or rate limiter in front, a deadline): what was found is in the report,
     * what is missing is unknown, never "not accepted". {@code protocols[].status} says which.
     */
    INCOMPLETE("incomplete"),
    /** Nothing accepts TCP connections at the address and port (RST to the SYN). */
    REFUSED("refused"),
    /** The connection or every answer timed out. */
    TIMEOUT("timeout"),
    /** The host name could not be resolved. */
    DNS_ERROR("dns-error"),
    /** The endpoint answered, but not with TLS (plain HTTP, SSH, garbage, ...). */
    NOT_TLS("not-tls"),
    /**
     * The plaintext upgrade before TLS (STARTTLS and the like) was refused: an error greeting, STARTTLS not offered
     * or answered with an error. The error quotes the server ({@code STARTTLS: 454 4.7.0 TLS not available}).
     */
    STARTTLS_REFUSED("starttls-refused"),
    /**
     * The plaintext upgrade broke: the server answered what its protocol does not allow, too much, or closed or
     * reset the connection during it.
     */
    STARTTLS_ERROR("starttls-error"),
    /** The server stopped answering during the plaintext upgrade (a greeting or an answer that never came). */
    STARTTLS_TIMEOUT("starttls-timeout"),
    /** Anything else: unreachable network, a server that closes every connection, an internal failure. */
    ERROR("error");

    private final String label;

    ScanStatus(String label) {
        this.label = label;
    }

    /** The label written in JSON and in the terminal. */
    public String label() {
        return label;
    }

    /** Whether the endpoint was scanned to the end: only {@link #OK}. Every other status counts as "could not scan". */
    public boolean scanned() {
        return this == OK;
    }

    /** The status with this JSON label. */
    public static java.util.Optional<ScanStatus> fromLabel(String label) {
        for (ScanStatus s : values()) {
            if (s.label.equals(label)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }
}
