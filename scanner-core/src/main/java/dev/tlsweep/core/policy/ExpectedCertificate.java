package dev.tlsweep.core.policy;

import dev.tlsweep.core.chain.CertificateInfo;
import dev.tlsweep.core.chain.ChainInputException;
import dev.tlsweep.core.chain.ChainReport;
import dev.tlsweep.core.chain.PemBundle;
import dev.tlsweep.core.inventory.Expected;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.Severity;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Is the certificate an endpoint serves the one the user manages? Compares the served leaves with what
 * the inventory line expects (fingerprint, serial, or the managed certificate itself). Reads the
 * expected certificate's file: run it off the event loops.
 */
public final class ExpectedCertificate {

    /** The served certificate is not the expected one. */
    public static final String CERT_NOT_EXPECTED = "CERT_NOT_EXPECTED";
    /** The expected certificate is newer than the served one: a renewal that was not deployed here. */
    public static final String CERT_RENEWAL_NOT_DEPLOYED = "CERT_RENEWAL_NOT_DEPLOYED";
    /** The expected certificate's file cannot be read. */
    public static final String EXPECTED_CERT_UNREADABLE = "EXPECTED_CERT_UNREADABLE";

    private ExpectedCertificate() {
    }

    /** The findings for {@code chains} (one per served chain) against {@code expected}; none when it matches. */
    public static List<Finding> judge(Expected expected, List<ChainReport> chains) {
        if (!expected.any() || chains.isEmpty()) {
            return List.of();
        }
        String sha256 = expected.sha256();
        String serial = expected.serialHex();
        Instant expectedFrom = null;
        Instant expectedUntil = null;
        if (expected.certificate() != null) {
            try {
                X509Certificate c = read(expected);
                sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
                serial = c.getSerialNumber().toString(16);
                expectedFrom = c.getNotBefore().toInstant();
                expectedUntil = c.getNotAfter().toInstant();
            } catch (ChainInputException | CertificateException | NoSuchAlgorithmException e) {
                return List.of(new Finding(EXPECTED_CERT_UNREADABLE, Severity.MEDIUM,
                        "The expected certificate " + expected.certificate() + " cannot be read: " + e.getMessage()
                                + "; the served certificate was not compared with it",
                        "Point expect-cert= at the PEM file of the managed certificate"));
            }
        }
        List<CertificateInfo> leaves = new ArrayList<>();
        for (ChainReport chain : chains) {
            CertificateInfo leaf = !chain.path().isEmpty() ? chain.path().get(0)
                    : chain.served().isEmpty() ? null : chain.served().get(0);
            if (leaf != null) {
                leaves.add(leaf);
            }
        }
        for (CertificateInfo leaf : leaves) {
            boolean fingerprintMatches = sha256 != null && sha256.equals(leaf.sha256());
            boolean serialMatches = serial != null && sha256 == null && serial.equals(normalSerial(leaf.serialHex()));
            if (fingerprintMatches || serialMatches) {
                return List.of();
            }
        }
        CertificateInfo served = leaves.get(0);
        String what = "serial " + served.serialHex() + ", SHA-256 " + served.sha256() + ", issued by '"
                + served.issuer() + "', valid " + served.notBefore() + " to " + served.notAfter();
        String wanted = sha256 != null ? "SHA-256 " + sha256 : "serial " + serial;
        if (expectedFrom != null && expectedFrom.isAfter(served.notBefore())) {
            return List.of(new Finding(CERT_RENEWAL_NOT_DEPLOYED, Severity.HIGH,
                    "The renewed certificate (" + wanted + ", valid " + expectedFrom + " to " + expectedUntil
                            + ") is not served: the endpoint still serves the older certificate (" + what + ")."
                            + " It expires on " + served.notAfter() + " unless the renewal is deployed here",
                    "Deploy the renewed certificate on this endpoint (install it and reload the server, or"
                            + " re-associate it with the listener); where a CDN or WAF terminates TLS, upload it there"));
        }
        return List.of(new Finding(CERT_NOT_EXPECTED, Severity.HIGH,
                "The endpoint serves a certificate that is not the expected one (" + wanted + "): it serves " + what
                        + ". Typically a CDN, WAF or load balancer in front terminates TLS with its own certificate,"
                        + " which is also why managed renewals that check the served certificate (e.g. ACM"
                        + " email-validated renewals) fail",
                "Check which device terminates TLS for this name and deploy the managed certificate there, or"
                        + " update the expected fingerprint if the change was intended"));
    }

    private static X509Certificate read(Expected expected) throws ChainInputException {
        List<X509Certificate> certs = PemBundle.parse(expected.certificate()).certificates();
        if (certs.isEmpty()) {
            throw new ChainInputException(expected.certificate().toString(), "no certificate in the file");
        }
        return certs.get(0);
    }

    private static String normalSerial(String hex) {
        return new BigInteger(hex, 16).toString(16);
    }
}
