package dev.tlsweep.core.policy;

import dev.tlsweep.core.inventory.Expected;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.Severity;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Is the certificate an endpoint serves the one the user manages? Compares the served leaves with what
 * the inventory line expects (fingerprint, serial, or the managed certificate itself, read once per run
 * by the scanner). Pure.
 */
public final class ExpectedCertificate {


    /**
     * The certificate an {@code expect-cert=} file holds, as read once per run: its first certificate, or
     * why it could not be read.
     *
     * @param certificate the certificate, or {@code null} when unreadable
     * @param error       why the file could not be read, or {@code null}
     */
    public record Managed(CertificateInfo certificate, String error) {

        /** No file was named. */
        public static final Managed NONE = new Managed(null, null);
    }

    private ExpectedCertificate() {
    }

    /**
     * The findings for {@code chains} (one per served chain) against {@code expected}; none when it matches.
     *
     * @param managed the certificate of {@code expected.certificate()}, when the line names a file
     */
    public static List<Finding> judge(Expected expected, Managed managed, List<ChainReport> chains) {
        if (!expected.any() || chains.isEmpty()) {
            return List.of();
        }
        String sha256 = expected.sha256();
        String serial = expected.serialHex();
        CertificateInfo wantedCert = null;
        if (expected.certificate() != null) {
            if (managed == null || managed.certificate() == null) {
                String why = managed == null || managed.error() == null ? "not read" : managed.error();
                return List.of(new Finding(FindingCode.EXPECTED_CERT_UNREADABLE, Severity.MEDIUM,
                        "The expected certificate " + expected.certificate() + " cannot be read: " + why
                                + "; the served certificate was not compared with it",
                        "Point expect-cert= at the PEM file of the managed certificate",
                        List.of(expected.certificate().toString())));
            }
            wantedCert = managed.certificate();
            sha256 = wantedCert.sha256();
        }
        List<CertificateInfo> leaves = new ArrayList<>();
        for (ChainReport chain : chains) {
            CertificateInfo leaf = chain.leaf();
            if (leaf != null) {
                leaves.add(leaf);
            }
        }
        if (leaves.isEmpty()) {
            return List.of();
        }
        for (CertificateInfo leaf : leaves) {
            boolean fingerprintMatches = sha256 != null && sha256.equals(leaf.sha256());
            boolean serialMatches = serial != null && sha256 == null
                    && normalSerial(serial).equals(normalSerial(leaf.serialHex()));
            if (fingerprintMatches || serialMatches) {
                return List.of();
            }
        }
        CertificateInfo served = leaves.get(0);
        String what = "serial " + served.serialHex() + ", SHA-256 " + served.sha256() + ", issued by '"
                + served.issuer() + "', valid " + served.notBefore() + " to " + served.notAfter();
        String wanted = sha256 != null ? "SHA-256 " + sha256 : "serial " + serial;
        List<String> subjects = List.of(served.sha256());
        if (wantedCert != null && wantedCert.notBefore().isAfter(served.notBefore())) {
            return List.of(new Finding(FindingCode.CERT_RENEWAL_NOT_DEPLOYED, Severity.HIGH,
                    "The renewed certificate (" + wanted + ", valid " + wantedCert.notBefore() + " to "
                            + wantedCert.notAfter() + ") is not served: the endpoint still serves the older certificate ("
                            + what + "). It expires on " + served.notAfter() + " unless the renewal is deployed here",
                    "Deploy the renewed certificate on this endpoint (install it and reload the server, or"
                            + " re-associate it with the listener); where a CDN or WAF terminates TLS, upload it there",
                    subjects));
        }
        return List.of(new Finding(FindingCode.CERT_NOT_EXPECTED, Severity.HIGH,
                "The endpoint serves a certificate that is not the expected one (" + wanted + "): it serves " + what
                        + ". Typically a CDN, WAF or load balancer in front terminates TLS with its own certificate,"
                        + " which is also why managed renewals that check the served certificate (e.g. ACM"
                        + " email-validated renewals) fail",
                "Check which device terminates TLS for this name and deploy the managed certificate there, or"
                        + " update the expected fingerprint if the change was intended",
                subjects));
    }

    private static String normalSerial(String hex) {
        try {
            return new BigInteger(hex, 16).toString(16);
        } catch (NumberFormatException e) {
            return hex;
        }
    }
}
