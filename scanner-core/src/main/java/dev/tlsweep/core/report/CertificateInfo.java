package dev.tlsweep.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a certificate says, in the terms the reports use.
 *
 * @param subject            the subject DN (RFC 2253)
 * @param issuer             the issuer DN (RFC 2253)
 * @param serialHex          the serial number as its DER content in lowercase hex, leading zeros kept
 * @param sha256             SHA-256 of the DER, lowercase hex
 * @param spkiSha256         SHA-256 of the SubjectPublicKeyInfo DER, lowercase hex (what HPKP and
 *                           {@code openssl x509 -pubkey | openssl dgst -sha256} hash)
 * @param notBefore          start of validity
 * @param notAfter           end of validity
 * @param daysLeft           whole days from the analysis clock to {@code notAfter}, negative when expired
 * @param keyType            {@code RSA}, {@code EC}, {@code Ed25519}, {@code Ed448}, {@code DSA} or the JCA name
 * @param keyBits            RSA modulus bits, EC field bits, 256 for Ed25519
 * @param curve              {@code P-256}, {@code P-384}, {@code P-521}, another curve's name, or null
 * @param signatureAlgorithm the JCA name of the signature, e.g. {@code SHA256withRSA}
 * @param dnsNames           subjectAltName DNS entries, as written
 * @param ipAddresses        subjectAltName IP entries, as text
 * @param selfIssued         subject equals issuer
 * @param ca                 basicConstraints cA is true
 * @param caIssuersUrls      AIA caIssuers URLs
 */
public record CertificateInfo(String subject, String issuer, String serialHex, String sha256, String spkiSha256,
        Instant notBefore, Instant notAfter, long daysLeft, String keyType, int keyBits, String curve,
        String signatureAlgorithm, List<String> dnsNames, List<String> ipAddresses, boolean selfIssued, boolean ca,
        List<String> caIssuersUrls) {

    /** Copies the lists and checks required fields. */
    public CertificateInfo {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(serialHex, "serialHex");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        caIssuersUrls = List.copyOf(caIssuersUrls);
    }

    /** The subject's first CN, or the whole subject when it has none. */
    public String shortName() {
        return DistinguishedNames.commonName(subject).orElse(subject);
    }

    /** "RSA 2048", "EC 256 (P-256)", "Ed25519". */
    public String keyDescription() {
        if ("Ed25519".equals(keyType) || "Ed448".equals(keyType)) {
            return keyType;
        }
        return keyType + " " + keyBits + (curve == null ? "" : " (" + curve + ")");
    }

    /**
     * The key as policies name it: {@code "RSA 2048"}, {@code "EC P-256"} (the curve when known),
     * {@code "Ed25519"}.
     */
    public String keyName() {
        if ("EC".equals(keyType) && curve != null) {
            return "EC " + curve;
        }
        if ("Ed25519".equals(keyType) || "Ed448".equals(keyType)) {
            return keyType;
        }
        return keyType + " " + keyBits;
    }

    /** The validity period, notBefore to notAfter, in whole days. */
    public long lifetimeDays() {
        return java.time.Duration.between(notBefore, notAfter).toDays();
    }

    /** The DNS and IP subjectAltNames, DNS names first. */
    public List<String> subjectAltNames() {
        List<String> out = new java.util.ArrayList<>(dnsNames);
        out.addAll(ipAddresses);
        return List.copyOf(out);
    }

    /**
     * The signature algorithm by its OpenSSL name ({@code SHA256withRSA} → {@code sha256WithRSAEncryption},
     * {@code SHA384withECDSA} → {@code ecdsa-with-SHA384}); other names as the JDK gives them.
     */
    public String signatureOpenSslName() {
        String n = signatureAlgorithm.toUpperCase(java.util.Locale.ROOT);
        int with = n.indexOf("WITH");
        if (with > 0) {
            String hash = n.substring(0, with).toLowerCase(java.util.Locale.ROOT);
            String key = n.substring(with + 4);
            if (key.equals("RSA")) {
                return hash + "WithRSAEncryption";
            }
            if (key.equals("ECDSA")) {
                return "ecdsa-with-" + hash.toUpperCase(java.util.Locale.ROOT);
            }
        }
        return n.equals("RSASSA-PSS") ? "rsassaPss" : signatureAlgorithm;
    }

    /** The same certificate: the same SHA-256 fingerprint. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateInfo other && sha256.equals(other.sha256);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        return "CertificateInfo[" + subject + ", sha256=" + sha256 + "]";
    }
}
