package dev.tlsweep.lab;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Chain bombs for tests: many certificates with one name, each claiming a key with a huge RSA exponent. */
public final class ChainBombs {

    private ChainBombs() {
    }

    /** {@code n} self-issued certificates named CN=bomb, keys (modulus, random 3072-bit exponent). */
    public static List<X509Certificate> bomb(int n) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(3072);
        KeyPair signer = g.generateKeyPair();
        BigInteger modulus = ((java.security.interfaces.RSAPublicKey) signer.getPublic()).getModulus();
        SecureRandom random = new SecureRandom();
        X500Name name = new X500Name("CN=bomb");
        List<X509Certificate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BigInteger exponent = new BigInteger(3070, random).setBit(0).setBit(3069); // below the modulus
            SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    new RSAPublicKey(modulus, exponent));
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.valueOf(i + 1),
                    Date.from(Instant.now().minusSeconds(3600)), Date.from(Instant.now().plusSeconds(86_400)), name,
                    spki);
            out.add(new JcaX509CertificateConverter().getCertificate(b.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate()))));
        }
        return out;
    }

}
