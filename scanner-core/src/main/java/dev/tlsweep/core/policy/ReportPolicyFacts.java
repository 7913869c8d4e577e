package dev.tlsweep.core.policy;

import dev.tlsweep.core.chain.CertificateInfo;
import dev.tlsweep.core.chain.ChainReport;
import dev.tlsweep.core.report.EndpointReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The {@link CertificateFacts} a policy check needs, read from an endpoint's chain analyses: one leaf
 * per served chain (an RSA and an ECDSA certificate count as two leaves).
 */
public record ReportPolicyFacts(List<String> leafKeyTypes, OptionalInt smallestRsaBits, OptionalLong leafLifetimeDays,
        List<String> leafSignatureAlgorithms) implements CertificateFacts {

    public ReportPolicyFacts {
        leafKeyTypes = List.copyOf(leafKeyTypes);
        leafSignatureAlgorithms = List.copyOf(leafSignatureAlgorithms);
    }

    /** The facts of {@code report}, or empty when no chain was analysed. */
    public static Optional<CertificateFacts> of(EndpointReport report) {
        List<String> types = new ArrayList<>();
        List<String> signatures = new ArrayList<>();
        OptionalInt smallestRsa = OptionalInt.empty();
        OptionalLong longest = OptionalLong.empty();
        for (ChainReport chain : report.chains()) {
            CertificateInfo leaf = !chain.path().isEmpty() ? chain.path().get(0)
                    : chain.served().isEmpty() ? null : chain.served().get(0);
            if (leaf == null) {
                continue;
            }
            boolean ec = "EC".equals(leaf.keyType());
            types.add(ec && leaf.curve() != null ? "EC " + leaf.curve() : leaf.keyType() + " " + leaf.keyBits());
            if ("RSA".equals(leaf.keyType()) && (smallestRsa.isEmpty() || leaf.keyBits() < smallestRsa.getAsInt())) {
                smallestRsa = OptionalInt.of(leaf.keyBits());
            }
            long days = Duration.between(leaf.notBefore(), leaf.notAfter()).toDays();
            if (longest.isEmpty() || days > longest.getAsLong()) {
                longest = OptionalLong.of(days);
            }
            signatures.add(opensslName(leaf.signatureAlgorithm()));
        }
        if (types.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReportPolicyFacts(types, smallestRsa, longest, signatures));
    }

    /** The OpenSSL name of a JDK signature algorithm name ({@code SHA256withRSA} → {@code sha256WithRSAEncryption}). */
    static String opensslName(String jdkName) {
        String n = jdkName.toUpperCase(Locale.ROOT);
        int with = n.indexOf("WITH");
        if (with > 0) {
            String hash = n.substring(0, with).toLowerCase(Locale.ROOT);
            String key = n.substring(with + 4);
            if (key.equals("RSA")) {
                return hash + "WithRSAEncryption";
            }
            if (key.equals("ECDSA")) {
                return "ecdsa-with-" + hash.toUpperCase(Locale.ROOT);
            }
        }
        return n.equals("RSASSA-PSS") ? "rsassaPss" : jdkName;
    }
}
