package dev.tlsweep.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.TestPki;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** The extensions a report reads are looked up by their OIDs first, present or absent. */
class CertificateExtensionsTest {

    private static final TestPki PKI = TestPki.create();

    @Test
    void caIssuersAndSubjectAltNameAreReadWhenPresentAndEmptyWhenAbsent() {
        X509Certificate with = PKI.leaf("a.example").aiaCaIssuers("http://127.0.0.1:1/ca.der").issue().certificate();
        X509Certificate without = PKI.leaf("b.example").commonNameOnly(true).issue().certificate();

        assertThat(Certificates.caIssuers(with)).containsExactly("http://127.0.0.1:1/ca.der");
        assertThat(Certificates.hasSanExtension(with)).isTrue();
        assertThat(Certificates.hasExtension(with, "1.3.6.1.5.5.7.1.1")).isTrue();

        assertThat(Certificates.caIssuers(without)).isEmpty();
        assertThat(Certificates.hasSanExtension(without)).isFalse();
        assertThat(Certificates.hasExtension(without, "1.3.6.1.5.5.7.1.1")).isFalse();
        // the basic constraints of a CA are critical: found in the other set
        assertThat(Certificates.hasExtension(PKI.rootCa().certificate(), "2.5.29.19")).isTrue();
    }
}
