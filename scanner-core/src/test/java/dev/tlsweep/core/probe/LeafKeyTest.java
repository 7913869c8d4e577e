package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.TestPki;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LeafKeyTest {

    @Test
    void readsTheKeyAlgorithmOfRealCertificates() throws Exception {
        TestPki pki = TestPki.create("leafkey", KeyType.RSA_2048, KeyType.EC_P256);
        assertThat(LeafKey.algorithm(pki.leaf("a.example").issue().certificate().getEncoded())).isEqualTo("RSA");
        assertThat(LeafKey.algorithm(pki.leaf("a.example").keyType(KeyType.EC_P384).issue().certificate()
                .getEncoded())).isEqualTo("ECDSA");
        assertThat(LeafKey.algorithm(pki.intermediate().certificate().getEncoded())).isEqualTo("ECDSA");
        assertThat(LeafKey.algorithm(pki.root().getEncoded())).isEqualTo("RSA");
    }

    @Test
    void truncatedOrForeignBytesAreUnknown() throws Exception {
        byte[] der = TestPki.create().leaf("a.example").issue().certificate().getEncoded();
        for (int n = 0; n < der.length; n += 37) {
            String a = LeafKey.algorithm(Arrays.copyOf(der, n));
            assertThat(a).isIn("RSA", LeafKey.UNKNOWN);
        }
        assertThat(LeafKey.algorithm(null)).isEqualTo(LeafKey.UNKNOWN);
        assertThat(LeafKey.algorithm(new byte[] {0x30, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))
                .isEqualTo(LeafKey.UNKNOWN);
    }

    @Property(tries = 500)
    void neverThrows(@ForAll byte[] bytes) {
        assertThat(LeafKey.algorithm(bytes)).isNotNull();
    }
}
