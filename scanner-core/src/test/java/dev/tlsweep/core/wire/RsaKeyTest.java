package dev.tlsweep.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.TestPki;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The RSA key of a certificate, read from its DER without an X.509 parse: the key the JDK reads, or none. */
class RsaKeyTest {

    private static final TestPki PKI = TestPki.create("rsakey", KeyType.RSA_2048, KeyType.EC_P256);

    @Test
    void readsTheKeyTheJdkReadsAndEncryptsForItsPrivateKey() throws Exception {
        for (KeyType type : new KeyType[] {KeyType.RSA_1024, KeyType.RSA_2048, KeyType.RSA_3072}) {
            IssuedCertificate issued = PKI.leaf("a.example").keyType(type).issue();
            RSAPublicKey jdk = (RSAPublicKey) issued.certificate().getPublicKey();
            RsaKey key = RsaKey.of(issued.certificate().getEncoded());
            assertThat(key).as(type.name()).isEqualTo(new RsaKey(jdk.getModulus(), jdk.getPublicExponent()));
            assertThat(key.length()).isEqualTo(type.bits() / 8);
            byte[] premaster = new byte[48];
            Arrays.fill(premaster, (byte) 7);
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.DECRYPT_MODE, issued.key());
            assertThat(rsa.doFinal(key.encrypt(premaster))).isEqualTo(premaster);
        }
    }

    @Test
    void anotherKindOfKeyOrBrokenBytesGiveNone() throws Exception {
        assertThat(RsaKey.of(PKI.leaf("a.example").keyType(KeyType.EC_P256).issue().certificate().getEncoded()))
                .isNull();
        assertThat(RsaKey.of(PKI.intermediate().certificate().getEncoded())).isNull();
        assertThat(RsaKey.of(null)).isNull();
        byte[] der = PKI.leaf("a.example").issue().certificate().getEncoded();
        for (int n = 0; n < der.length - 1; n += 13) {
            RsaKey cut = RsaKey.of(Arrays.copyOf(der, n));
            // the key sits before the signature: a cut after it still reads the key, never a different one
            assertThat(cut).isIn(null, RsaKey.of(der));
        }
    }

    @Property(tries = 500)
    void neverThrows(@ForAll byte[] bytes) {
        RsaKey.of(bytes);
        CertificateSpki.of(bytes);
    }
}
