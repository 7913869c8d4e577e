package dev.tlsweep.core.report;

import java.util.Objects;

/**
 * What OpenSSL's {@code X509_verify_cert} reports first for a served chain: the error number of
 * {@code include/openssl/x509_vfy.h}, its text as {@code X509_verify_cert_error_string} prints it
 * (OpenSSL 3 wording), and the depth (0 = the first certificate served).
 *
 * @param code  0 when the chain verifies
 * @param text  e.g. {@code "unable to get local issuer certificate"}
 * @param depth the depth the error is reported at (0 when ok)
 */
public record OpenSslVerdict(int code, String text, int depth) {

    /** X509_V_OK. */
    public static final int OK = 0;
    /** X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT. */
    public static final int UNABLE_TO_GET_ISSUER_CERT = 2;
    /** X509_V_ERR_CERT_NOT_YET_VALID. */
    public static final int CERT_NOT_YET_VALID = 9;
    /** X509_V_ERR_CERT_HAS_EXPIRED. */
    public static final int CERT_HAS_EXPIRED = 10;
    /** X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT. */
    public static final int DEPTH_ZERO_SELF_SIGNED_CERT = 18;
    /** X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN. */
    public static final int SELF_SIGNED_CERT_IN_CHAIN = 19;
    /** X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY. */
    public static final int UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;
    /** X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
    public static final int UNABLE_TO_VERIFY_LEAF_SIGNATURE = 21;
    /** X509_V_ERR_HOSTNAME_MISMATCH. */
    public static final int HOSTNAME_MISMATCH = 62;
    /** X509_V_ERR_IP_ADDRESS_MISMATCH. */
    public static final int IP_ADDRESS_MISMATCH = 64;

    /** Checks the text and the numbers. */
    public OpenSslVerdict {
        Objects.requireNonNull(text, "text");
        if (code < 0) {
            throw new IllegalArgumentException("code: " + code + " (expected: >= 0)");
        }
        if (depth < 0) {
            throw new IllegalArgumentException("depth: " + depth + " (expected: >= 0)");
        }
    }

    /** The verdict for error {@code code} at {@code depth}, with OpenSSL 3's text. */
    public static OpenSslVerdict of(int code, int depth) {
        return new OpenSslVerdict(code, errorString(code), depth);
    }

    /** True for code 0. */
    public boolean ok() {
        return code == OK;
    }

    /** {@code verify error:num=N:TEXT}, as {@code openssl s_client} prints it. */
    public String sClientLine() {
        return "verify error:num=" + code + ":" + text;
    }

    /** {@code curl: (60) SSL certificate problem: TEXT}, as curl built on OpenSSL prints it. */
    public String curlLine() {
        return "curl: (60) SSL certificate problem: " + text;
    }

    /**
     * The text of {@code X509_verify_cert_error_string} in OpenSSL 3 ({@code crypto/x509/x509_txt.c})
     * for the codes this package produces, and OpenSSL's fallback for the others.
     */
    public static String errorString(int code) {
        return switch (code) {
            case OK -> "ok";
            case UNABLE_TO_GET_ISSUER_CERT -> "unable to get issuer certificate";
            case 7 -> "certificate signature failure";
            case CERT_NOT_YET_VALID -> "certificate is not yet valid";
            case CERT_HAS_EXPIRED -> "certificate has expired";
            case DEPTH_ZERO_SELF_SIGNED_CERT -> "self-signed certificate";
            case SELF_SIGNED_CERT_IN_CHAIN -> "self-signed certificate in certificate chain";
            case UNABLE_TO_GET_ISSUER_CERT_LOCALLY -> "unable to get local issuer certificate";
            case UNABLE_TO_VERIFY_LEAF_SIGNATURE -> "unable to verify the first certificate";
            case 22 -> "certificate chain too long";
            case HOSTNAME_MISMATCH -> "hostname mismatch";
            case IP_ADDRESS_MISMATCH -> "IP address mismatch";
            case 66 -> "EE certificate key too weak";
            case 68 -> "CA signature digest algorithm too weak";
            default -> "error number " + code;
        };
    }
}
