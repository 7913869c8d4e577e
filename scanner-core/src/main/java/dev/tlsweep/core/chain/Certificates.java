package dev.tlsweep.core.chain;

import dev.tlsweep.core.report.CertificateInfo;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** X.509 helpers of the package: parsing, fingerprints, key descriptions, issuer checks. */
final class Certificates {

    private static final Map<String, String> CURVES = Map.of(
            "1.2.840.10045.3.1.7", "P-256",
            "1.3.132.0.34", "P-384",
            "1.3.132.0.35", "P-521",
            "1.3.132.0.10", "secp256k1",
            "1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1",
            "1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1",
            "1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1");

    private static final HexFormat HEX = HexFormat.of();

    private Certificates() {
    }

    static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    }

    /** One DER certificate; throws on anything else (including trailing bytes). */
    static X509Certificate parse(byte[] der) throws CertificateException {
        if (der.length == 0 || der[0] != 0x30) {
            throw new CertificateException("not a DER certificate (does not start with a SEQUENCE)");
        }
        X509Certificate cert = (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
        if (!java.util.Arrays.equals(cert.getEncoded(), der)) {
            throw new CertificateException("trailing or non-DER bytes after the certificate");
        }
        return cert;
    }

    /** DER, PEM (one or more) or a certs-only PKCS#7 bundle. */
    static List<X509Certificate> parseAny(byte[] body) throws CertificateException {
        Collection<? extends java.security.cert.Certificate> certs =
                factory().generateCertificates(new ByteArrayInputStream(body));
        List<X509Certificate> out = new ArrayList<>(certs.size());
        for (java.security.cert.Certificate c : certs) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode " + cert.getSubjectX500Principal(), e);
        }
    }

    static boolean sameCertificate(X509Certificate a, X509Certificate b) {
        return java.util.Arrays.equals(encoded(a), encoded(b));
    }

    /** {@code issuer} has {@code cert}'s issuer name as subject and its key verifies {@code cert}'s signature. */
    static boolean issued(X509Certificate issuer, X509Certificate cert) {
        if (!issuer.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        return verifies(issuer.getPublicKey(), cert);
    }

    /**
     * Whether {@code key} verifies {@code cert}'s signature. An RSA key with a public exponent above 33 bits
     * (BoringSSL refuses such keys) or a modulus above 16,384 bits (OpenSSL's limit) verifies nothing: a
     * server could otherwise make each check cost a private-key operation.
     */
    static boolean verifies(PublicKey key, X509Certificate cert) {
        if (key instanceof java.security.interfaces.RSAPublicKey rsa
                && (rsa.getPublicExponent().bitLength() > MAX_RSA_EXPONENT_BITS
                        || rsa.getModulus().bitLength() > MAX_RSA_MODULUS_BITS)) {
            return false;
        }
        try {
            cert.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The largest RSA public exponent checked, in bits (BoringSSL: {@code kMaxExponentBits}). */
    static final int MAX_RSA_EXPONENT_BITS = 33;
    /** The largest RSA modulus checked, in bits (OpenSSL: {@code OPENSSL_RSA_MAX_MODULUS_BITS}). */
    static final int MAX_RSA_MODULUS_BITS = 16_384;

    /** Issuer equals subject and the certificate's own key verifies its signature. */
    static boolean selfSigned(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                && verifies(cert.getPublicKey(), cert);
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static String dn(X500Principal p) {
        return p.getName(X500Principal.RFC2253);
    }

    /** The first CN of an RFC 2253 name. */
    static Optional<String> commonName(String rfc2253) {
        try {
            List<Rdn> rdns = new LdapName(rfc2253).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Rdn rdn = rdns.get(i);
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Every CN of the subject, in order. */
    static List<String> commonNames(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(dn(cert.getSubjectX500Principal())).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    out.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            return List.of();
        }
        return out;
    }

    static List<String> sans(X509Certificate cert, int type) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> all = cert.getSubjectAlternativeNames();
            if (all == null) {
                return out;
            }
            for (List<?> entry : all) {
                if (entry.size() >= 2 && entry.get(0) instanceof Integer t && t == type
                        && entry.get(1) instanceof String s) {
                    out.add(s);
                }
            }
        } catch (CertificateParsingException e) {
            return out;
        }
        return out;
    }

    /** True when the certificate has a subjectAltName extension at all. */
    static boolean hasSanExtension(X509Certificate cert) {
        return hasExtension(cert, Extension.subjectAlternativeName.getId());
    }

    /**
     * True when the certificate has the extension, critical or not. Asked before {@code getExtensionValue}, which
     * for an extension the JDK knows and the certificate lacks throws and catches two exceptions inside the JDK
     * (their stack traces filled in), once per certificate of every endpoint of a sweep.
     */
    static boolean hasExtension(X509Certificate cert, String oid) {
        Set<String> nonCritical = cert.getNonCriticalExtensionOIDs();
        Set<String> critical = cert.getCriticalExtensionOIDs();
        return nonCritical != null && nonCritical.contains(oid) || critical != null && critical.contains(oid);
    }

    static List<String> caIssuers(X509Certificate cert) {
        String oid = Extension.authorityInfoAccess.getId();
        byte[] ext = hasExtension(cert, oid) ? cert.getExtensionValue(oid) : null;
        if (ext == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    ASN1OctetString.getInstance(ext).getOctets());
            for (AccessDescription d : aia.getAccessDescriptions()) {
                if (AccessDescription.id_ad_caIssuers.equals(d.getAccessMethod())
                        && d.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                    out.add(d.getAccessLocation().getName().toString());
                }
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return out;
    }

    static String keyType(PublicKey key) {
        String alg = key.getAlgorithm();
        return switch (alg) {
            case "RSA", "RSASSA-PSS" -> "RSA";
            case "EC" -> "EC";
            case "EdDSA" -> key.getEncoded().length == 44 ? "Ed25519" : "Ed448";
            case "Ed25519", "Ed448", "DSA" -> alg;
            default -> alg;
        };
    }

    static int keyBits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return dsa.getParams().getP().bitLength();
        }
        String type = keyType(key);
        return "Ed25519".equals(type) ? 256 : "Ed448".equals(type) ? 456 : 0;
    }

    static String curve(PublicKey key) {
        if (!(key instanceof ECPublicKey)) {
            return null;
        }
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
            if (spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier oid) {
                String known = CURVES.get(oid.getId());
                if (known != null) {
                    return known;
                }
                String name = org.bouncycastle.asn1.x9.ECNamedCurveTable.getName(oid);
                return name != null ? name : oid.getId();
            }
            return "explicit";
        } catch (RuntimeException e) {
            return null;
        }
    }

    static CertificateInfo info(X509Certificate cert, Clock clock) {
        byte[] der = encoded(cert);
        PublicKey key = cert.getPublicKey();
        Instant notAfter = cert.getNotAfter().toInstant();
        long daysLeft = Math.floorDiv(Duration.between(clock.instant(), notAfter).getSeconds(), 86_400L);
        List<String> ips = new ArrayList<>();
        for (String ip : sans(cert, 7)) {
            ips.add(normalizeIp(ip));
        }
        return new CertificateInfo(dn(cert.getSubjectX500Principal()), dn(cert.getIssuerX500Principal()),
                serialHex(cert.getSerialNumber()), sha256Hex(der), sha256Hex(key.getEncoded()),
                cert.getNotBefore().toInstant(), notAfter, daysLeft, keyType(key), keyBits(key), curve(key),
                signatureAlgorithm(cert), sans(cert, 2), ips,
                cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()),
                cert.getBasicConstraints() >= 0, caIssuers(cert));
    }

    static String signatureAlgorithm(X509Certificate cert) {
        String name = cert.getSigAlgName();
        return name == null ? cert.getSigAlgOID() : name;
    }

    static String serialHex(BigInteger serial) {
        return HEX.formatHex(serial.toByteArray());
    }

    static String normalizeIp(String text) {
        try {
            if (!io.netty.util.NetUtil.isValidIpV4Address(text) && !io.netty.util.NetUtil.isValidIpV6Address(text)) {
                return text;
            }
            return InetAddress.getByAddress(io.netty.util.NetUtil.createByteArrayFromIpAddressString(text))
                    .getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException | RuntimeException e) {
            return text;
        }
    }
}
