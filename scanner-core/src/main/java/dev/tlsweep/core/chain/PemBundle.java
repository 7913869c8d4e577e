package dev.tlsweep.core.chain;

import dev.tlsweep.core.input.InputFileException;
import dev.tlsweep.core.input.InputFiles;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.Severity;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A PEM file (certificates and private keys) read leniently ({@link PemReader}), with every hygiene
 * problem reported precisely ({@link PemHygiene}): the file, the line, what is wrong and the fix. What a
 * given platform (a certificate manager, a load balancer) does with such a file is said by
 * {@code policy.deploy}, in its own words.
 *
 * <p>Private key material never appears in a message, in {@link #toString()} or anywhere else this
 * class returns: keys are kept only to check that they match a certificate.
 */
public final class PemBundle {

    /**
     * One problem found in a file.
     *
     * @param code     stable code, {@code PEM_...}
     * @param severity how bad it is
     * @param source   the file (or other input name)
     * @param line     1-based line number, 0 when the problem is about the whole file
     * @param message  what is wrong
     * @param fix      what to do
     */
    public record Problem(FindingCode code, Severity severity, String source, int line, String message, String fix) {

        /** Checks required fields. */
        public Problem {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(message, "message");
        }

        /** {@code source:line: message} (or {@code source: message} for line 0). */
        public String where() {
            return line > 0 ? source + ":" + line : source;
        }

        /** As a report finding. */
        public Finding toFinding() {
            return new Finding(code, severity, where() + ": " + message, fix);
        }
    }

    private final String source;
    private final List<X509Certificate> certificates;
    private final List<Integer> certificateLines;
    private final List<PrivateKey> keys;
    private final List<Integer> keyLines;
    private final int encryptedKeys;
    private final List<Problem> problems;
    private final int size;

    private PemBundle(String source, List<X509Certificate> certificates, List<Integer> certificateLines,
            List<PrivateKey> keys, List<Integer> keyLines, int encryptedKeys, List<Problem> problems, int size) {
        this.source = source;
        this.size = size;
        this.certificates = List.copyOf(certificates);
        this.certificateLines = List.copyOf(certificateLines);
        this.keys = List.copyOf(keys);
        this.keyLines = List.copyOf(keyLines);
        this.encryptedKeys = encryptedKeys;
        this.problems = List.copyOf(problems);
    }

    /**
     * Reads and parses a file; the source name is the path as given. Only a regular file of at most
     * {@link InputFiles#MAX_PEM_BYTES} is read: a device, a FIFO, a directory or a larger file is refused
     * before it is opened.
     *
     * @throws ChainInputException naming the file: missing, unreadable, special, too large, or not PEM
     */
    public static PemBundle parse(Path file) throws ChainInputException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = InputFiles.read(file, "a PEM file", InputFiles.MAX_PEM_BYTES);
        } catch (InputFileException e) {
            throw new ChainInputException(file.toString(), e.problem(), e);
        }
        return parse(bytes, file.toString());
    }

    /**
     * Parses PEM text (or a DER certificate given instead): {@link PemReader} reads the blocks,
     * {@link PemHygiene} judges what it saw, and the blocks' contents are decoded here. Throws only when the
     * input holds nothing that looks like PEM or DER at all; every other problem is in {@link #problems()}.
     */
    public static PemBundle parse(byte[] bytes, String sourceName) throws ChainInputException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceName, "sourceName");
        try {
            return decode(PemReader.read(bytes, sourceName), bytes);
        } catch (RuntimeException e) {
            throw new ChainInputException(sourceName, "cannot be read as PEM: " + e.getClass().getSimpleName(), e);
        }
    }

    private static PemBundle decode(PemReader.Text text, byte[] bytes) throws ChainInputException {
        String source = text.source();
        List<Problem> problems = new ArrayList<>(PemHygiene.syntax(text));
        List<X509Certificate> certs = new ArrayList<>();
        List<Integer> certLines = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        List<Integer> keyLines = new ArrayList<>();
        int encrypted = 0;
        if (text.der()) {
            try {
                certs.add(Certificates.parse(bytes));
                certLines.add(0);
            } catch (CertificateException | RuntimeException e) {
                throw new ChainInputException(source, "binary (DER) data that is not a certificate; a DER private "
                        + "key or PKCS#12 file? (expected: PEM text)");
            }
            return new PemBundle(source, certs, certLines, keys, keyLines, 0, problems, text.size());
        }
        for (PemReader.Block block : text.blocks()) {
            if (block.der() == null) {
                continue; // damaged or cut off: already a syntax problem
            }
            switch (block.label()) {
                case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" -> {
                    try {
                        certs.add(block.label().equals("TRUSTED CERTIFICATE") ? firstCertificate(block.der())
                                : Certificates.parse(block.der()));
                        certLines.add(block.begin());
                    } catch (CertificateException | RuntimeException e) {
                        problems.add(PemHygiene.notACertificate(source, block.begin()));
                    }
                }
                case "ENCRYPTED PRIVATE KEY" -> {
                    encrypted++;
                    problems.add(PemHygiene.encryptedKey(source, block.begin()));
                }
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> {
                    if (block.procEncrypted()) {
                        encrypted++;
                        problems.add(PemHygiene.encryptedKey(source, block.begin()));
                        continue;
                    }
                    PrivateKey key = privateKey(block.label(), block.der());
                    if (key == null) {
                        problems.add(PemHygiene.badKey(source, block.begin(), block.label()));
                    } else {
                        keys.add(key);
                        keyLines.add(block.begin());
                    }
                }
                default -> {
                    // other blocks (parameters, CSRs) are not this tool's business
                }
            }
        }
        problems.sort(Comparator.comparingInt(Problem::line));
        return new PemBundle(source, certs, certLines, keys, keyLines, encrypted, problems, text.size());
    }

    /** The input's name. */
    public String source() {
        return source;
    }

    /** The size of the input in bytes (what an upload form or API field receives). */
    public int size() {
        return size;
    }

    /** The certificates that parsed, in file order. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** The line of the BEGIN of each certificate (0 for DER input). */
    public List<Integer> certificateLines() {
        return certificateLines;
    }

    /** Unencrypted private keys that parsed. */
    public int keyCount() {
        return keys.size();
    }

    /** Encrypted (password-protected) private keys. */
    public int encryptedKeyCount() {
        return encryptedKeys;
    }

    /** The problems of the file itself, in line order. */
    public List<Problem> problems() {
        return problems;
    }

    @Override
    public String toString() {
        return "PemBundle[" + source + ", " + certificates.size() + " certificates, " + (keys.size() + encryptedKeys)
                + " keys, " + problems.size() + " problems]";
    }

    /** Problems of a file that should hold exactly one certificate (the leaf). */
    public List<Problem> checkSingleCertificate() {
        return PemHygiene.singleCertificate(this);
    }

    /** Problems of this key file against the leaf: missing, or not the leaf's key. */
    public List<Problem> checkKey(X509Certificate leaf) {
        return PemHygiene.key(this, keys, keyLines, leaf);
    }

    /** Problems of this chain file against the leaf: the leaf inside, wrong order, unrelated certificates. */
    public List<Problem> checkChain(X509Certificate leaf) {
        return PemHygiene.chain(this, leaf);
    }

    private static X509Certificate firstCertificate(byte[] der) throws CertificateException {
        org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(der);
        try {
            byte[] cert = in.readObject().getEncoded();
            return Certificates.parse(cert);
        } catch (IOException e) {
            throw new CertificateException("not a certificate", e);
        }
    }

    private static PrivateKey privateKey(String label, byte[] der) {
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if ("PRIVATE KEY".equals(label)) {
                return converter.getPrivateKey(PrivateKeyInfo.getInstance(der));
            }
            String pem = "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                    + "\n-----END " + label + "-----\n";
            try (PEMParser parser = new PEMParser(new StringReader(pem))) {
                Object o = parser.readObject();
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
