package dev.tlsweep.lab;

import io.netty.util.NetUtil;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI: a self-signed root CA and an intermediate, with leaves issued on demand.
 *
 * <p>Everything is generated at run time with the JDK's key generators and Bouncy Castle's
 * certificate builders; nothing is read from disk. Leaf keys are cached per {@link KeyType}
 * inside one instance (so a test issuing many RSA 4096 leaves pays for one key), unless
 * {@link LeafBuilder#freshKey()} asks for a new one; CA keys are always fresh.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * IssuedCertificate leaf = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.EC_P256).issue();
 * }</pre>
 */
public final class TestPki {

    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private final String name;
    private final SecureRandom random = new SecureRandom();
    private final Map<KeyType, KeyPair> leafKeys = new ConcurrentHashMap<>();
    private final IssuedCertificate root;
    private final IssuedCertificate intermediate;

    private TestPki(String name, KeyType rootKey, KeyType intermediateKey) {
        this.name = name;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyPair rootPair = rootKey.generateKeyPair();
        X500Name rootName = x500(name + " root");
        X509Certificate rootCert = build(rootName, rootPair.getPublic(), rootName, rootPair.getPrivate(), null,
                rootKey.defaultSignatureAlgorithm(), newSerial(), now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3650)), Role.CA, List.of(), null, null);
        this.root = new IssuedCertificate(rootCert, rootPair.getPrivate(), List.of(), rootCert);
        this.intermediate = newIntermediate(name + " intermediate", intermediateKey, null);
    }

    /** A PKI with an RSA 2048 root {@code "tlsweep lab root"} and RSA 2048 intermediate {@code "tlsweep lab intermediate"}. */
    public static TestPki create() {
        return create("tlsweep lab", KeyType.RSA_2048, KeyType.RSA_2048);
    }

    /**
     * A PKI whose root is {@code "<name> root"} and whose intermediate is {@code "<name> intermediate"}.
     */
    public static TestPki create(String name, KeyType rootKey, KeyType intermediateKey) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rootKey, "rootKey");
        Objects.requireNonNull(intermediateKey, "intermediateKey");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: not blank)");
        }
        return new TestPki(name, rootKey, intermediateKey);
    }

    /** The name this PKI was created with. */
    public String name() {
        return name;
    }

    /** The self-signed root certificate. */
    public X509Certificate root() {
        return root.certificate();
    }

    /** The root's private key. */
    public PrivateKey rootKey() {
        return root.key();
    }

    /** The root as an {@link IssuedCertificate} (no issuers, its own root). */
    public IssuedCertificate rootCa() {
        return root;
    }

    /** The default intermediate, issued by the root; leaves are issued by it unless told otherwise. */
    public IssuedCertificate intermediate() {
        return intermediate;
    }

    /**
     * Starts a leaf for the given DNS names and IP literals: the first one is the subject's CN,
     * all of them go in the subjectAltName extension.
     */
    public LeafBuilder leaf(String... dnsNamesOrIps) {
        Objects.requireNonNull(dnsNamesOrIps, "dnsNamesOrIps");
        for (String n : dnsNamesOrIps) {
            Objects.requireNonNull(n, "dnsNamesOrIps element");
        }
        return new LeafBuilder(List.of(dnsNamesOrIps));
    }

    /** Another intermediate {@code "CN=<name>"} with a fresh key, issued by the root. */
    public IssuedCertificate newIntermediate(String name, KeyType keyType) {
        return newIntermediate(name, keyType, null);
    }

    /**
     * Another intermediate {@code "CN=<name>"} with a fresh key, issued by {@code issuer}
     * (another intermediate, for longer chains) or by the root when {@code issuer} is null.
     */
    public IssuedCertificate newIntermediate(String name, KeyType keyType, IssuedCertificate issuer) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        IssuedCertificate parent = issuer == null ? root : issuer;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyPair pair = keyType.generateKeyPair();
        X509Certificate cert = build(x500(name), pair.getPublic(), x500(parent.certificate()), parent.key(),
                parent.certificate().getPublicKey(), defaultSignatureAlgorithm(parent.key()), newSerial(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1825)), Role.CA, List.of(), null, null);
        return new IssuedCertificate(cert, pair.getPrivate(), chainAbove(parent), parent.root());
    }

    /**
     * A cross-certificate: this PKI's root issues a CA certificate carrying {@code other}'s root
     * subject and public key, so chains of {@code other} can also be built up to this root.
     */
    public IssuedCertificate crossSign(TestPki other) {
        Objects.requireNonNull(other, "other");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate subject = other.root();
        X509Certificate cert = build(x500(subject), subject.getPublicKey(), x500(root()), rootKey(),
                root().getPublicKey(), defaultSignatureAlgorithm(rootKey()), newSerial(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1825)), Role.CA, List.of(), null, null);
        return new IssuedCertificate(cert, other.rootKey(), List.of(), root());
    }

    /**
     * A DER OCSP response (successful, signed by the certificate's issuer) saying {@code leaf} is
     * good, or revoked when {@code good} is false; for stapling. The issuer must be this PKI's
     * root or default intermediate; for other issuers use {@link #ocspResponse(IssuedCertificate,
     * IssuedCertificate, boolean)}.
     */
    public byte[] ocspResponse(IssuedCertificate leaf, boolean good) {
        Objects.requireNonNull(leaf, "leaf");
        X509Certificate issuerCert = leaf.issuers().isEmpty() ? leaf.root() : leaf.issuers().get(0);
        IssuedCertificate issuer = issuerCert.equals(intermediate.certificate()) ? intermediate
                : issuerCert.equals(root()) ? root : null;
        if (issuer == null) {
            throw new IllegalArgumentException("leaf: issued by " + issuerCert.getSubjectX500Principal()
                    + " (expected: this PKI's root or default intermediate)");
        }
        return ocspResponse(leaf, issuer, good);
    }

    /** A DER OCSP response for {@code leaf} signed by {@code issuer}: good, or revoked when {@code good} is false. */
    public byte[] ocspResponse(IssuedCertificate leaf, IssuedCertificate issuer, boolean good) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(issuer, "issuer");
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            org.bouncycastle.operator.DigestCalculator sha1 =
                    new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().build()
                            .get(org.bouncycastle.cert.ocsp.CertificateID.HASH_SHA1);
            org.bouncycastle.cert.X509CertificateHolder issuerHolder =
                    new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(issuer.certificate());
            org.bouncycastle.cert.ocsp.CertificateID id = new org.bouncycastle.cert.ocsp.CertificateID(
                    sha1, issuerHolder, leaf.certificate().getSerialNumber());
            org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder builder =
                    new org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder(
                            issuer.certificate().getPublicKey(), sha1);
            org.bouncycastle.cert.ocsp.CertificateStatus status = good
                    ? org.bouncycastle.cert.ocsp.CertificateStatus.GOOD
                    : new org.bouncycastle.cert.ocsp.RevokedStatus(Date.from(now.minus(Duration.ofDays(1))),
                            org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
            builder.addResponse(id, status, Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(Duration.ofDays(7))));
            ContentSigner signer = new JcaContentSignerBuilder(defaultSignatureAlgorithm(issuer.key()))
                    .build(issuer.key());
            org.bouncycastle.cert.ocsp.BasicOCSPResp basic = builder.build(signer,
                    new org.bouncycastle.cert.X509CertificateHolder[] {issuerHolder}, Date.from(now));
            return new org.bouncycastle.cert.ocsp.OCSPRespBuilder()
                    .build(org.bouncycastle.cert.ocsp.OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OperatorCreationException | org.bouncycastle.cert.ocsp.OCSPException
                | java.io.IOException | CertificateException e) {
            throw new IllegalStateException("cannot build an OCSP response for "
                    + leaf.certificate().getSubjectX500Principal(), e);
        }
    }

    /** Writes the root certificate as PEM to {@code file} and returns {@code file}. */
    public Path writeRoot(Path file) {
        Objects.requireNonNull(file, "file");
        return Pem.write(file, Pem.certificate(root()));
    }

    /** A trust manager factory whose only anchor is this PKI's root, for test clients. */
    public TrustManagerFactory trustManagerFactory() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("root", root());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store for " + name, e);
        }
    }

    private BigInteger newSerial() {
        return new BigInteger(63, random).add(BigInteger.ONE);
    }

    private static List<X509Certificate> chainAbove(IssuedCertificate parent) {
        if (parent.isSelfSigned()) {
            return List.of();
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(parent.certificate());
        chain.addAll(parent.issuers());
        return chain;
    }

    private static String defaultSignatureAlgorithm(PrivateKey key) {
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return "SHA256withRSA";
    }

    private static X500Name x500(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X500Name x500(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private enum Role { CA, LEAF }

    private static X509Certificate build(X500Name subject, PublicKey subjectKey, X500Name issuer,
            PrivateKey issuerKey, PublicKey issuerPublicKey, String signatureAlgorithm, BigInteger serial,
            Instant notBefore, Instant notAfter, Role role, List<String> sans, String aiaCaIssuers,
            String aiaOcsp) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            if (issuerPublicKey != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(issuerPublicKey));
            }
            if (role == Role.CA) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                int usage = KeyUsage.digitalSignature;
                if ("RSA".equals(subjectKey.getAlgorithm())) {
                    usage |= KeyUsage.keyEncipherment;
                }
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                if (!sans.isEmpty()) {
                    GeneralName[] names = new GeneralName[sans.size()];
                    for (int i = 0; i < names.length; i++) {
                        String n = sans.get(i);
                        boolean ip = NetUtil.isValidIpV4Address(n) || NetUtil.isValidIpV6Address(n);
                        names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n);
                    }
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
                }
            }
            List<AccessDescription> access = new ArrayList<>(2);
            if (aiaCaIssuers != null) {
                access.add(new AccessDescription(AccessDescription.id_ad_caIssuers,
                        new GeneralName(GeneralName.uniformResourceIdentifier, aiaCaIssuers)));
            }
            if (aiaOcsp != null) {
                access.add(new AccessDescription(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, aiaOcsp)));
            }
            if (!access.isEmpty()) {
                builder.addExtension(Extension.authorityInfoAccess, false,
                        new AuthorityInformationAccess(access.toArray(new AccessDescription[0])));
            }
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException | CertificateException
                | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }

    /**
     * Builds one leaf certificate. Defaults: an RSA 2048 key (cached per key type in the PKI),
     * valid from one hour ago for 90 days, signed by the PKI's intermediate with the algorithm
     * matching the issuer's key, the names in subjectAltName, no AIA.
     */
    public final class LeafBuilder {
        private final List<String> names;
        private KeyType keyType = KeyType.RSA_2048;
        private KeyPair keyPair;
        private boolean freshKey;
        private Instant notBefore;
        private Instant notAfter;
        private Duration validFor = Duration.ofDays(90);
        private String signatureAlgorithm;
        private boolean commonNameOnly;
        private String commonName;
        private String aiaCaIssuers;
        private String aiaOcsp;
        private IssuedCertificate issuer = intermediate;
        private boolean selfSigned;
        private BigInteger serial;

        private LeafBuilder(List<String> names) {
            this.names = names;
        }

        /** The leaf's key type (default RSA 2048). */
        public LeafBuilder keyType(KeyType keyType) {
            this.keyType = Objects.requireNonNull(keyType, "keyType");
            return this;
        }

        /** Uses this exact key pair for the leaf (its type then overrides {@link #keyType}). */
        public LeafBuilder keyPair(KeyPair keyPair) {
            this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
            return this;
        }

        /** Generates a new key for this leaf instead of reusing the PKI's cached one for its type. */
        public LeafBuilder freshKey() {
            this.freshKey = true;
            return this;
        }

        /** Start of validity (default: one hour ago). */
        public LeafBuilder notBefore(Instant notBefore) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            return this;
        }

        /** End of validity; overrides {@link #validFor}. */
        public LeafBuilder notAfter(Instant notAfter) {
            this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
            return this;
        }

        /** Validity length counted from {@code notBefore} (default 90 days); ignored when {@link #notAfter} is set. */
        public LeafBuilder validFor(Duration validFor) {
            Objects.requireNonNull(validFor, "validFor");
            if (validFor.isNegative() || validFor.isZero()) {
                throw new IllegalArgumentException("validFor: " + validFor + " (expected: > 0)");
            }
            this.validFor = validFor;
            this.notAfter = null;
            return this;
        }

        /** JCA signature algorithm name, e.g. {@code "SHA1withRSA"}, {@code "SHA384withECDSA"}. */
        public LeafBuilder signatureAlgorithm(String signatureAlgorithm) {
            this.signatureAlgorithm = Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
            return this;
        }

        /** When true the names appear only as the subject's CN: no subjectAltName extension. */
        public LeafBuilder commonNameOnly(boolean commonNameOnly) {
            this.commonNameOnly = commonNameOnly;
            return this;
        }

        /** The subject CN (default: the first name, or {@code "<pki name> leaf"} when there is none). */
        public LeafBuilder commonName(String commonName) {
            this.commonName = Objects.requireNonNull(commonName, "commonName");
            return this;
        }

        /** Adds an AIA caIssuers URL. */
        public LeafBuilder aiaCaIssuers(String url) {
            this.aiaCaIssuers = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Adds an AIA OCSP responder URL. */
        public LeafBuilder aiaOcsp(String url) {
            this.aiaOcsp = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The issuing CA: an intermediate of this (or another) PKI, or null for this PKI's root. */
        public LeafBuilder issuedBy(IssuedCertificate intermediateOrNull) {
            this.issuer = intermediateOrNull == null ? root : intermediateOrNull;
            return this;
        }

        /** When true the leaf signs itself and has no issuers. */
        public LeafBuilder selfSigned(boolean selfSigned) {
            this.selfSigned = selfSigned;
            return this;
        }

        /** The serial number (default: random, positive, 63 bits). */
        public LeafBuilder serial(BigInteger serial) {
            Objects.requireNonNull(serial, "serial");
            if (serial.signum() <= 0) {
                throw new IllegalArgumentException("serial: " + serial + " (expected: > 0)");
            }
            this.serial = serial;
            return this;
        }

        /** Generates (or reuses) the key and signs the certificate. */
        public IssuedCertificate issue() {
            KeyPair pair = keyPair != null ? keyPair
                    : freshKey ? keyType.generateKeyPair()
                    : leafKeys.computeIfAbsent(keyType, KeyType::generateKeyPair);
            Instant start = (notBefore != null ? notBefore : Instant.now().minus(CLOCK_SKEW))
                    .truncatedTo(ChronoUnit.SECONDS);
            Instant end = (notAfter != null ? notAfter : start.plus(validFor)).truncatedTo(ChronoUnit.SECONDS);
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("notAfter: " + end + " (expected: after notBefore " + start + ")");
            }
            String cn = commonName != null ? commonName : names.isEmpty() ? name + " leaf" : names.get(0);
            X500Name subject = x500(cn);
            List<String> sans = commonNameOnly ? List.of() : names;
            BigInteger serialNumber = serial != null ? serial : newSerial();
            if (selfSigned) {
                String algorithm = signatureAlgorithm != null ? signatureAlgorithm
                        : defaultSignatureAlgorithm(pair.getPrivate());
                X509Certificate cert = build(subject, pair.getPublic(), subject, pair.getPrivate(), pair.getPublic(),
                        algorithm, serialNumber, start, end, Role.LEAF, sans, aiaCaIssuers, aiaOcsp);
                return new IssuedCertificate(cert, pair.getPrivate(), List.of(), cert);
            }
            String algorithm = signatureAlgorithm != null ? signatureAlgorithm
                    : defaultSignatureAlgorithm(issuer.key());
            X509Certificate cert = build(subject, pair.getPublic(), x500(issuer.certificate()), issuer.key(),
                    issuer.certificate().getPublicKey(), algorithm, serialNumber, start, end, Role.LEAF, sans,
                    aiaCaIssuers, aiaOcsp);
            return new IssuedCertificate(cert, pair.getPrivate(), chainAbove(issuer), issuer.root());
        }
    }
}
