package dev.tlsweep.core.chain;

import dev.tlsweep.core.report.AtomicFile;
import dev.tlsweep.core.report.ChainReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Writes the corrected chain of an endpoint as {@code DIR/<endpoint>/fullchain.pem}: the leaf, then
 * each issuer in order, no root — ready for nginx's {@code ssl_certificate}, Apache's
 * {@code SSLCertificateFile} or a certificate-manager import. Written to a temporary file first
 * and renamed, so a reader never sees half a file.
 */
public final class FullChainWriter {

    private static final int MAX_NAME = 120;

    private FullChainWriter() {
    }

    /**
     * Writes the report's fixed chain.
     *
     * @return the file written
     * @throws IllegalArgumentException when the report has no fixed chain (no path to an anchor)
     */
    public static Path write(Path dir, String endpointName, ChainReport r) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(r, "r");
        if (r.fixedChain() == null || r.fixedChain().isEmpty()) {
            throw new IllegalArgumentException("r: no path to a trust anchor (expected: a report with a fixedChain)");
        }
        Path target = dir.resolve(safeName(endpointName));
        Files.createDirectories(target);
        Path file = target.resolve("fullchain.pem");
        String pem = pem(r.fixedChain());
        AtomicFile.write(file, out -> out.write(pem.getBytes(StandardCharsets.US_ASCII)));
        return file;
    }

    /** PEM text of the certificates (DER encodings), in order. */
    public static String pem(List<byte[]> certificates) {
        StringBuilder sb = new StringBuilder();
        Base64.Encoder enc = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (byte[] der : certificates) {
            sb.append("-----BEGIN CERTIFICATE-----\n").append(enc.encodeToString(der))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return sb.toString();
    }

    /**
     * A directory name for an endpoint: letters, digits, {@code . - _} kept, anything else
     * (slashes, colons, brackets) becomes {@code _}; never {@code .} or {@code ..}; at most 120 characters.
     */
    public static String safeName(String endpointName) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < endpointName.length() && sb.length() < MAX_NAME; i++) {
            char c = endpointName.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            sb.append(ok ? c : '_');
        }
        String s = sb.toString();
        while (s.startsWith(".")) {
            s = "_" + s.substring(1);
        }
        return s.isEmpty() ? "_" : s;
    }
}
