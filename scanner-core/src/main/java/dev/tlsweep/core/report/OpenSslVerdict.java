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
    /** X509_V_ERR_EE_KEY_TOO_SMALL. */
    public static final int EE_KEY_TOO_SMALL = 66;
    /** X509_V_ERR_CA_KEY_TOO_SMALL. */
    public static final int CA_KEY_TOO_SMALL = 67;
    /** X509_V_ERR_CA_MD_TOO_WEAK. */
    public static final int CA_MD_TOO_WEAK = 68;
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
     * What {@code openssl s_client} says of the same chain at security level 2, the default of Debian's and
     * several other distributions' OpenSSL 3 ({@code openssl verify} applies no security level unless given
     * {@code -auth_level}, so {@code verify} is what it prints). OpenSSL 3's {@code X509_verify_cert} checks
     * the leaf's key first (66 below 112 bits of security: RSA or DSA under 2048 bits, EC under 224), then
     * builds the chain (the errors of {@code verify} about issuers and trust stand), then, in
     * {@code check_auth_level}, every issuer's key (67) and every signature but the anchor's (68 for MD5 and
     * SHA-1), and only then the name and the dates, which {@code verify} already reports.
     *
     * @param verify the verdict without a security level
     * @param path   the chain OpenSSL built, leaf first, the anchor last when trusted
     */
    public static OpenSslVerdict atSecurityLevel2(OpenSslVerdict verify, java.util.List<CertificateInfo> path) {
        if (path.isEmpty()) {
            return verify;
        }
        if (weakKey(path.get(0))) {
            return of(EE_KEY_TOO_SMALL, 0);
        }
        switch (verify.code()) {
            case UNABLE_TO_GET_ISSUER_CERT, DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN,
                    UNABLE_TO_GET_ISSUER_CERT_LOCALLY, UNABLE_TO_VERIFY_LEAF_SIGNATURE -> {
                return verify;
            }
            default -> {
                // the chain was built: the authentication level is checked next
            }
        }
        for (int i = 0; i < path.size(); i++) {
            CertificateInfo c = path.get(i);
            if (i > 0 && weakKey(c)) {
                return of(CA_KEY_TOO_SMALL, i);
            }
            if (i < path.size() - 1 && weakDigest(c.signatureAlgorithm())) {
                return of(CA_MD_TOO_WEAK, i);
            }
        }
        return verify;
    }

    /** Below 112 bits of security, the floor of security level 2. */
    private static boolean weakKey(CertificateInfo c) {
        return switch (c.keyType()) {
            case "RSA", "DSA" -> c.keyBits() < 2048;
            case "EC" -> c.keyBits() < 224;
            default -> false;
        };
    }

    private static boolean weakDigest(String algorithm) {
        String a = algorithm.toUpperCase(java.util.Locale.ROOT);
        return a.startsWith("MD2") || a.startsWith("MD4") || a.startsWith("MD5") || a.startsWith("SHA1")
                || a.startsWith("SHA-1");
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
            case EE_KEY_TOO_SMALL -> "EE certificate key too weak";
            case CA_KEY_TOO_SMALL -> "CA certificate key too weak";
            case CA_MD_TOO_WEAK -> "CA signature digest algorithm too weak";
            default -> "error number " + code;
        };
    }
}
