package dev.tlsweep.core.metrics;

import dev.tlsweep.core.chain.CertificateInfo;
import dev.tlsweep.core.chain.ChainReport;
import dev.tlsweep.core.report.EndpointReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link CertificateFacts} of a scanned endpoint, read from its chain analyses. With several chains
 * (an RSA and an ECDSA certificate), the leaf is the first chain's, the earliest expiry is over every
 * certificate served, and complete, trusted and hostname-valid hold only if they hold for every chain.
 */
public record ReportCertificateFacts(Instant earliestExpiry, String leafSha256, String leafSerialHex,
        String leafSubject, String leafIssuer, List<String> leafSans, boolean chainComplete, boolean trusted,
        boolean hostnameValid) implements CertificateFacts {

    public ReportCertificateFacts {
        leafSans = List.copyOf(leafSans);
    }

    /** The facts of {@code report}, or empty when no chain was analysed. */
    public static Optional<CertificateFacts> of(EndpointReport report) {
        List<ChainReport> chains = report.chains();
        if (chains.isEmpty() || chains.get(0).served().isEmpty()) {
            return Optional.empty();
        }
        Instant earliest = null;
        for (ChainReport c : chains) {
            for (CertificateInfo i : c.served()) {
                earliest = earliest == null || i.notAfter().isBefore(earliest) ? i.notAfter() : earliest;
            }
        }
        ChainReport first = chains.get(0);
        // The leaf is where the built path starts; served[0] when no path could be started.
        CertificateInfo leaf = first.path().isEmpty() ? first.served().get(0) : first.path().get(0);
        List<String> sans = new ArrayList<>(leaf.dnsNames());
        sans.addAll(leaf.ipAddresses());
        return Optional.of(new ReportCertificateFacts(earliest, leaf.sha256(), leaf.serialHex(), leaf.subject(),
                leaf.issuer(), sans, chains.stream().allMatch(ChainReport::complete),
                chains.stream().allMatch(ChainReport::trusted), chains.stream().allMatch(ChainReport::hostnameValid)));
    }
}
