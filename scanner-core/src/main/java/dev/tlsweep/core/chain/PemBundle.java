package dev.tlsweep.core.chain;

import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.Severity;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A PEM file (certificates and private keys) read leniently, with every hygiene problem reported
 * precisely: the file, the line, what is wrong and what load balancers and servers do with it.
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

    private static final String LB_REJECTS = "load balancers and certificate managers (AWS ACM/IAM imports, "
            + "some appliance imports) reject it";

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

    /** Reads and parses a file; the source name is the path as given. */
    public static PemBundle parse(Path file) throws ChainInputException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ChainInputException(file.toString(), "cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        return parse(bytes, file.toString());
    }

    /**
     * Parses PEM text (or a DER certificate given instead). Throws only when the input holds
     * nothing that looks like PEM or DER at all; every other problem is in {@link #problems()}.
     */
    public static PemBundle parse(byte[] bytes, String sourceName) throws ChainInputException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceName, "sourceName");
        try {
            return new Parser(bytes, sourceName).run();
        } catch (RuntimeException e) {
            throw new ChainInputException(sourceName, "cannot be read as PEM: " + e.getClass().getSimpleName(), e);
        }
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
        List<Problem> out = new ArrayList<>();
        if (certificates.size() > 1) {
            out.add(new Problem(FindingCode.PEM_SEVERAL_CERTIFICATES, Severity.MEDIUM, source, certificateLines.get(1),
                    "holds " + certificates.size() + " certificates where one is expected (the first, '"
                            + name(certificates.get(0)) + "', is taken as the certificate; the others as its chain)",
                    "Keep only the server certificate in this file and put the intermediates in the chain file "
                            + "(load-balancer imports have separate certificate and chain fields)"));
        }
        if (certificates.isEmpty()) {
            out.add(new Problem(FindingCode.PEM_NO_CERTIFICATE, Severity.HIGH, source, 0, "holds no certificate",
                    "Give the file with the -----BEGIN CERTIFICATE----- block of the server certificate"));
        }
        return out;
    }

    /** Problems of this key file against the leaf: encrypted, missing, or not the leaf's key. */
    public List<Problem> checkKey(X509Certificate leaf) {
        List<Problem> out = new ArrayList<>();
        if (keys.isEmpty() && encryptedKeys == 0) {
            out.add(new Problem(FindingCode.PEM_NO_KEY, Severity.HIGH, source, 0, "holds no private key",
                    "Give the file with the -----BEGIN PRIVATE KEY----- block"));
            return out;
        }
        if (leaf == null) {
            return out;
        }
        PublicKey pub = leaf.getPublicKey();
        for (int i = 0; i < keys.size(); i++) {
            if (!matches(keys.get(i), pub)) {
                out.add(new Problem(FindingCode.PEM_KEY_MISMATCH, Severity.CRITICAL, source, keyLines.get(i),
                        "the private key does not belong to the certificate '" + name(leaf)
                                + "' (its public key differs): the server cannot start or every handshake fails "
                                + "(nginx: `key values mismatch`, OpenSSL: `X509_check_private_key:key values "
                                + "mismatch`)", "Use the key the certificate was requested with (compare `openssl "
                                + "x509 -noout -pubkey` with `openssl pkey -pubout`)"));
            }
        }
        return out;
    }

    /** Problems of this chain file against the leaf: the leaf inside, wrong order, unrelated certificates. */
    public List<Problem> checkChain(X509Certificate leaf) {
        List<Problem> out = new ArrayList<>();
        if (leaf == null) {
            return out;
        }
        List<X509Certificate> rest = new ArrayList<>();
        List<Integer> restLines = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate c = certificates.get(i);
            if (Certificates.sameCertificate(c, leaf)) {
                out.add(new Problem(FindingCode.PEM_CHAIN_CONTAINS_LEAF, Severity.MEDIUM, source, certificateLines.get(i),
                        "the chain file contains the certificate itself ('" + name(c) + "'): servers that append the "
                                + "chain to the certificate then send the leaf twice",
                        "Remove the server certificate from the chain file: it holds the intermediates only"));
            } else {
                rest.add(c);
                restLines.add(certificateLines.get(i));
            }
        }
        // Walk from the leaf through the file's certificates.
        List<Integer> order = new ArrayList<>();
        X509Certificate cur = leaf;
        boolean progressed = true;
        while (progressed && order.size() < rest.size()) {
            progressed = false;
            for (int i = 0; i < rest.size(); i++) {
                if (!order.contains(i) && Certificates.issued(rest.get(i), cur)) {
                    order.add(i);
                    cur = rest.get(i);
                    progressed = true;
                    break;
                }
            }
        }
        for (int k = 1; k < order.size(); k++) {
            if (order.get(k) < order.get(k - 1)) {
                int i = order.get(k);
                out.add(new Problem(FindingCode.PEM_CHAIN_OUT_OF_ORDER, Severity.MEDIUM, source, restLines.get(i),
                        "'" + name(rest.get(i)) + "' issues '" + name(rest.get(order.get(k - 1)))
                                + "' but comes before it: the chain must go upwards, each certificate followed by "
                                + "its issuer", "Reorder the file: the leaf's issuer first, then its issuer, up to "
                                + "(not including) the root"));
                break;
            }
        }
        for (int i = 0; i < rest.size(); i++) {
            if (!order.contains(i)) {
                out.add(new Problem(FindingCode.PEM_CHAIN_UNRELATED, Severity.MEDIUM, source, restLines.get(i),
                        "'" + name(rest.get(i)) + "' is not an issuer on the path of '" + name(leaf)
                                + "': it belongs to another chain (a stale intermediate after a CA change, or another "
                                + "certificate's bundle)", "Remove it from the chain file"));
            }
        }
        return out;
    }

    private static boolean matches(PrivateKey key, PublicKey pub) {
        try {
            String alg = switch (pub.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                case "DSA" -> "SHA256withDSA";
                default -> pub.getAlgorithm();
            };
            byte[] probe = "tlsweep key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String name(X509Certificate c) {
        String dn = Certificates.dn(c.getSubjectX500Principal());
        return Certificates.commonName(dn).orElse(dn);
    }

    /** The line-by-line reader. */
    private static final class Parser {
        private final byte[] bytes;
        private final String source;
        private final List<Problem> problems = new ArrayList<>();
        private final List<X509Certificate> certs = new ArrayList<>();
        private final List<Integer> certLines = new ArrayList<>();
        private final List<PrivateKey> keys = new ArrayList<>();
        private final List<Integer> keyLines = new ArrayList<>();
        private int encrypted;
        private int blocks;

        Parser(byte[] bytes, String source) {
            this.bytes = bytes;
            this.source = source;
        }

        PemBundle run() throws ChainInputException {
            if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x30 && ((bytes[1] & 0xff) == 0x82
                    || (bytes[1] & 0xff) == 0x81 || (bytes[1] & 0xff) < 0x80)) {
                return der();
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\n", -1);
            int n = lines.length;
            if (n > 0 && lines[n - 1].isEmpty()) {
                n--; // the final newline
            }
            String label = null;
            int begin = 0;
            StringBuilder body = new StringBuilder();
            int firstBodyLine = 0;
            boolean procEncrypted = false;
            int textRunStart = 0;
            int blankRunStart = 0;
            for (int i = 0; i < n; i++) {
                int lineNo = i + 1;
                String raw = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                String line = raw.strip();
                if (!raw.isEmpty() && !raw.equals(line)) {
                    add(FindingCode.PEM_STRAY_WHITESPACE, Severity.LOW, lineNo, "whitespace "
                            + (Character.isWhitespace(raw.charAt(0)) ? "at the start" : "at the end") + " of the line: "
                            + LB_REJECTS, "Remove spaces and tabs around the PEM lines");
                }
                boolean beginLine = isBoundary(line, "BEGIN");
                boolean endLine = isBoundary(line, "END");
                if (label == null) {
                    if (beginLine) {
                        flushText(textRunStart, lineNo);
                        textRunStart = 0;
                        flushBlank(blankRunStart, lineNo, false);
                        blankRunStart = 0;
                        label = boundaryLabel(line, "BEGIN", lineNo);
                        begin = lineNo;
                        body.setLength(0);
                        firstBodyLine = 0;
                        procEncrypted = false;
                        blocks++;
                    } else if (endLine) {
                        flushText(textRunStart, lineNo);
                        textRunStart = 0;
                        blocks++;
                        add(FindingCode.PEM_MISSING_BEGIN, Severity.HIGH, lineNo, "END line without a BEGIN line before it ("
                                + "the start of the block was cut off)", "Copy the whole block, from -----BEGIN to "
                                + "-----END");
                    } else if (line.isEmpty()) {
                        if (blankRunStart == 0) {
                            blankRunStart = lineNo;
                        }
                    } else if (textRunStart == 0) {
                        textRunStart = lineNo;
                    }
                    continue;
                }
                if (beginLine) {
                    add(FindingCode.PEM_MISSING_END, Severity.HIGH, begin, "the " + label + " block has no END line (a new "
                            + "BEGIN follows at line " + lineNo + ")", "Add -----END " + label + "----- after the "
                            + "block's base64 lines");
                    label = boundaryLabel(line, "BEGIN", lineNo);
                    begin = lineNo;
                    body.setLength(0);
                    firstBodyLine = 0;
                    procEncrypted = false;
                    blocks++;
                    continue;
                }
                if (endLine) {
                    String endLabel = boundaryLabel(line, "END", lineNo);
                    if (!endLabel.equals(label)) {
                        add(FindingCode.PEM_LABEL_MISMATCH, Severity.HIGH, lineNo, "the block begun at line " + begin + " as "
                                + label + " ends as " + endLabel, "Make the BEGIN and END lines name the same type");
                    }
                    finishBlock(label, begin, body.toString(), firstBodyLine, procEncrypted);
                    label = null;
                    continue;
                }
                if (line.contains(":") && body.length() == 0) {
                    if (line.toUpperCase(Locale.ROOT).startsWith("PROC-TYPE:") && line.toUpperCase(Locale.ROOT)
                            .contains("ENCRYPTED")) {
                        procEncrypted = true;
                    }
                    continue; // RFC 1421 headers
                }
                if (line.isEmpty()) {
                    continue;
                }
                if (firstBodyLine == 0) {
                    firstBodyLine = lineNo;
                }
                for (int k = 0; k < line.length(); k++) {
                    char c = line.charAt(k);
                    if (!isBase64(c)) {
                        add(FindingCode.PEM_BAD_BASE64, Severity.HIGH, lineNo, "character " + describe(c) + " at column "
                                + (k + 1) + " is not base64 (the " + label + " block was damaged by copy and paste, "
                                + "an editor or a mail program)", "Export the " + label.toLowerCase(Locale.ROOT)
                                + " again from its source");
                        body.append('!');
                        break;
                    }
                }
                body.append(line);
            }
            if (label != null) {
                add(FindingCode.PEM_MISSING_END, Severity.HIGH, begin, "the " + label + " block has no END line (the file "
                        + "ends first: it was cut off)", "Add -----END " + label + "----- or copy the whole block");
            }
            flushText(textRunStart, n + 1);
            flushBlank(blankRunStart, n + 1, true);
            if (blocks == 0) {
                throw new ChainInputException(source, "no PEM block found (expected: -----BEGIN CERTIFICATE-----)");
            }
            problems.sort(java.util.Comparator.comparingInt(Problem::line));
            return new PemBundle(source, certs, certLines, keys, keyLines, encrypted, problems, bytes.length);
        }

        private PemBundle der() throws ChainInputException {
            try {
                X509Certificate c = Certificates.parse(bytes);
                add(FindingCode.PEM_DER_NOT_PEM, Severity.MEDIUM, 0, "is DER (binary), not PEM text: servers and load "
                        + "balancers that expect PEM refuse it", "Convert it: `openssl x509 -inform der -in FILE -out "
                        + "FILE.pem`");
                certs.add(c);
                certLines.add(0);
                return new PemBundle(source, certs, certLines, keys, keyLines, 0, problems, bytes.length);
            } catch (CertificateException | RuntimeException e) {
                throw new ChainInputException(source, "binary (DER) data that is not a certificate; a DER private "
                        + "key or PKCS#12 file? (expected: PEM text)");
            }
        }

        private void finishBlock(String label, int begin, String body, int firstBodyLine, boolean procEncrypted) {
            if (body.indexOf('!') >= 0) {
                return; // already reported as bad base64
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                add(FindingCode.PEM_BAD_BASE64, Severity.HIGH, firstBodyLine == 0 ? begin : firstBodyLine, "the base64 of the "
                        + label + " block begun at line " + begin + " does not decode (wrong length or padding: lines "
                        + "missing or cut)", "Export the " + label.toLowerCase(Locale.ROOT) + " again from its source");
                return;
            }
            switch (label) {
                case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" -> {
                    try {
                        certs.add(label.equals("TRUSTED CERTIFICATE") ? firstCertificate(der) : Certificates.parse(der));
                        certLines.add(begin);
                    } catch (CertificateException | RuntimeException e) {
                        add(FindingCode.PEM_NOT_A_CERTIFICATE, Severity.HIGH, begin, "the CERTIFICATE block begun here does "
                                + "not hold a valid X.509 certificate", "Export the certificate again from the CA");
                    }
                }
                case "ENCRYPTED PRIVATE KEY" -> encryptedKey(begin);
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> {
                    if (procEncrypted) {
                        encryptedKey(begin);
                        return;
                    }
                    PrivateKey key = privateKey(label, der);
                    if (key == null) {
                        add(FindingCode.PEM_BAD_KEY, Severity.HIGH, begin, "the " + label + " block begun here does not hold a "
                                + "private key tlsweep can read", "Export the key again (`openssl pkey -in KEY "
                                + "-out KEY.pem`)");
                    } else {
                        keys.add(key);
                        keyLines.add(begin);
                    }
                }
                default -> {
                    // other blocks (parameters, CSRs) are not this tool's business
                }
            }
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

        private void encryptedKey(int begin) {
            encrypted++;
            add(FindingCode.PEM_ENCRYPTED_KEY, Severity.MEDIUM, begin, "the private key is encrypted (password-protected): "
                    + "servers prompt for the password at start (or fail unattended) and load-balancer imports "
                    + "reject it", "Decrypt it for deployment: `openssl pkey -in KEY -out KEY.decrypted.pem` (keep "
                    + "the file readable by the server only)");
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

        private void flushText(int start, int lineNo) {
            if (start == 0) {
                return;
            }
            boolean before = certs.isEmpty() && keys.isEmpty() && encrypted == 0 && blocks == 0;
            add(FindingCode.PEM_TEXT_AROUND_BLOCK, Severity.MEDIUM, start, "text " + (before ? "before the first" : "after a")
                    + " PEM block (lines " + start + "–" + (lineNo - 1) + "; e.g. `Bag Attributes` or `subject=` "
                    + "lines from openssl output): " + LB_REJECTS, "Keep only the -----BEGIN ... -----END blocks");
        }

        private void flushBlank(int start, int lineNo, boolean atEnd) {
            if (start == 0) {
                return;
            }
            if (atEnd && start == lineNo - 1 && blocks > 0) {
                return; // one empty line at the end is harmless
            }
            if (!atEnd && blocks > 0 && lineNo - start == 1) {
                return; // one empty line between blocks is common and accepted
            }
            add(FindingCode.PEM_STRAY_WHITESPACE, Severity.LOW, start, "blank lines " + (blocks == 0 ? "before the first block"
                    : atEnd ? "after the last block" : "between blocks") + " (lines " + start + "–" + (lineNo - 1)
                    + "): " + LB_REJECTS, "Remove the blank lines around the PEM blocks");
        }

        private String boundaryLabel(String line, String kind, int lineNo) {
            String canonicalStart = "-----" + kind + " ";
            boolean wellFormed = line.startsWith(canonicalStart) && line.endsWith("-----")
                    && line.length() > canonicalStart.length() + 5
                    && !line.substring(canonicalStart.length(), line.length() - 5).contains("-");
            int at = line.indexOf(kind);
            String rest = line.substring(at + kind.length());
            String label = rest.replace("-", " ").strip().replaceAll("\\s+", " ");
            if (!wellFormed) {
                add(FindingCode.PEM_MANGLED_BOUNDARY, Severity.HIGH, lineNo, "the " + kind + " line is malformed ('"
                        + printable(line) + "'; expected: -----" + kind + " " + (label.isEmpty() ? "CERTIFICATE" : label)
                        + "-----, five dashes on each side)", "Fix the " + kind + " line: exactly five dashes, "
                        + kind + ", the type, five dashes");
            }
            return label.isEmpty() ? "CERTIFICATE" : label;
        }

        private static boolean isBoundary(String line, String kind) {
            return line.startsWith("-") && line.contains(kind) && line.indexOf(kind) <= 8
                    && (line.length() < 300);
        }

        private static String printable(String s) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length() && i < 80; i++) {
                char c = s.charAt(i);
                sb.append(c >= 0x20 && c < 0x7f ? c : '?');
            }
            return sb.toString();
        }

        private static String describe(char c) {
            return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format(Locale.ROOT, "0x%02x", (int) c);
        }

        private static boolean isBase64(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                    || c == '=';
        }

        private void add(FindingCode code, Severity severity, int line, String message, String fix) {
            problems.add(new Problem(code, severity, source, line, message, fix));
        }
    }
}
