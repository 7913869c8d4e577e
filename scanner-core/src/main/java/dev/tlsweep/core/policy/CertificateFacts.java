package dev.tlsweep.core.policy;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a policy check needs to know about the certificates an endpoint serves: the facts of its leaf
 * certificate(s) (a dual-certificate server has one RSA and one ECDSA leaf). Supplied by the
 * certificate analysis; when absent, the certificate checks of a profile report "not checked".
 */
public interface CertificateFacts {

    /** The key of each leaf, e.g. {@code "RSA 2048"}, {@code "EC P-256"}. */
    List<String> leafKeyTypes();

    /** The smallest RSA modulus among the leaves, empty when no leaf has an RSA key. */
    OptionalInt smallestRsaBits();

    /** The longest validity period (notAfter - notBefore) among the leaves, in days. */
    OptionalLong leafLifetimeDays();

    /** The signature algorithm of each leaf, by its OpenSSL name, e.g. {@code sha256WithRSAEncryption}. */
    List<String> leafSignatureAlgorithms();
}
