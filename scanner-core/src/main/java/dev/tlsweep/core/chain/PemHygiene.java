package dev.tlsweep.core.chain;

import dev.tlsweep.core.chain.PemBundle.Problem;
import dev.tlsweep.core.chain.PemReader.Observation;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.Severity;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hygiene rules of PEM files, with their words: what {@link PemReader} observed (stray whitespace,
 * text around the blocks, damaged boundaries and base64) and what the blocks hold (a certificate that does
 * not parse, an encrypted or unreadable key), then the rules that relate files to each other (one
 * certificate in the certificate file, a key that matches it, a chain in issuing order). What a given
 * platform does with such a file — AWS ACM, IAM, the load balancers — is said by {@code policy.deploy},
 * in that platform's words. Messages never contain key material.
 */
final class PemHygiene {

    /** What a strict PEM reader does with a file that breaks the format. */
    private static final String STRICT = "strict PEM readers refuse the file";

    private PemHygiene() {
    }

    /** The problems of what the reader observed, one per observation. */
    static List<Problem> syntax(PemReader.Text text) {
        List<Problem> out = new ArrayList<>();
        String source = text.source();
        for (Observation o : text.observations()) {
            out.add(switch (o.kind()) {
                case WHITESPACE_AT_START, WHITESPACE_AT_END -> new Problem(FindingCode.PEM_STRAY_WHITESPACE,
                        Severity.LOW, source, o.line(), "whitespace " + (o.kind() == PemReader.Kind.WHITESPACE_AT_START
                                ? "at the start" : "at the end") + " of the line: " + STRICT,
                        "Remove spaces and tabs around the PEM lines");
                case BLANK_LINES -> new Problem(FindingCode.PEM_STRAY_WHITESPACE, Severity.LOW, source, o.line(),
                        "blank lines " + switch (o.where()) {
                            case "before" -> "before the first block";
                            case "after" -> "after the last block";
                            default -> "between blocks";
                        } + " (lines " + o.line() + "–" + (o.toLine() - 1) + "): " + STRICT,
                        "Remove the blank lines around the PEM blocks");
                case TEXT_OUTSIDE -> new Problem(FindingCode.PEM_TEXT_AROUND_BLOCK, Severity.MEDIUM, source, o.line(),
                        "text " + (o.where().equals("before") ? "before the first" : "after a") + " PEM block (lines "
                                + o.line() + "–" + (o.toLine() - 1) + "; e.g. `Bag Attributes` or `subject=` lines from"
                                + " openssl output): " + STRICT, "Keep only the -----BEGIN ... -----END blocks");
                case END_WITHOUT_BEGIN -> new Problem(FindingCode.PEM_MISSING_BEGIN, Severity.HIGH, source, o.line(),
                        "END line without a BEGIN line before it (the start of the block was cut off)",
                        "Copy the whole block, from -----BEGIN to -----END");
                case BEGIN_WITHOUT_END -> new Problem(FindingCode.PEM_MISSING_END, Severity.HIGH, source, o.line(),
                        "the " + o.label() + " block has no END line (" + (o.toLine() > 0
                                ? "a new BEGIN follows at line " + o.toLine() : "the file ends first: it was cut off")
                                + ")", "Add -----END " + o.label() + "----- after the block's base64 lines");
                case LABEL_MISMATCH -> new Problem(FindingCode.PEM_LABEL_MISMATCH, Severity.HIGH, source, o.line(),
                        "the block begun at line " + o.toLine() + " as " + o.label() + " ends as " + o.other(),
                        "Make the BEGIN and END lines name the same type");
                case BAD_BASE64_CHAR -> new Problem(FindingCode.PEM_BAD_BASE64, Severity.HIGH, source, o.line(),
                        "character " + o.text() + " at column " + o.column() + " is not base64 (the " + o.label()
                                + " block was damaged by copy and paste, an editor or a mail program)",
                        "Export the " + o.label().toLowerCase(Locale.ROOT) + " again from its source");
                case BAD_BASE64_LENGTH -> new Problem(FindingCode.PEM_BAD_BASE64, Severity.HIGH, source, o.line(),
                        "the base64 of the " + o.label() + " block begun at line " + o.toLine() + " does not decode"
                                + " (wrong length or padding: lines missing or cut)",
                        "Export the " + o.label().toLowerCase(Locale.ROOT) + " again from its source");
                case MANGLED_BOUNDARY -> new Problem(FindingCode.PEM_MANGLED_BOUNDARY, Severity.HIGH, source, o.line(),
                        "the " + o.other() + " line is malformed ('" + o.text() + "'; expected: -----" + o.other() + " "
                                + o.label() + "-----, five dashes on each side)",
                        "Fix the " + o.other() + " line: exactly five dashes, " + o.other() + ", the type, five dashes");
                case DER_NOT_PEM -> new Problem(FindingCode.PEM_DER_NOT_PEM, Severity.MEDIUM, source, 0,
                        "is DER (binary), not PEM text: servers and imports that expect PEM refuse it",
                        "Convert it: `openssl x509 -inform der -in FILE -out FILE.pem`");
            });
        }
        return out;
    }

    /** A CERTIFICATE block whose bytes are not a certificate. */
    static Problem notACertificate(String source, int begin) {
        return new Problem(FindingCode.PEM_NOT_A_CERTIFICATE, Severity.HIGH, source, begin,
                "the CERTIFICATE block begun here does not hold a valid X.509 certificate",
                "Export the certificate again from the CA");
    }

    /** A key block whose bytes are not a key tlsweep can read. */
    static Problem badKey(String source, int begin, String label) {
        return new Problem(FindingCode.PEM_BAD_KEY, Severity.HIGH, source, begin, "the " + label + " block begun here"
                + " does not hold a private key tlsweep can read", "Export the key again (`openssl pkey -in KEY -out"
                + " KEY.pem`)");
    }

    /** A password-protected key. */
    static Problem encryptedKey(String source, int begin) {
        return new Problem(FindingCode.PEM_ENCRYPTED_KEY, Severity.MEDIUM, source, begin, "the private key is encrypted"
                + " (password-protected): servers prompt for the password at start, or fail unattended",
                "Decrypt it for deployment: `openssl pkey -in KEY -out KEY.decrypted.pem` (keep the file readable by"
                        + " the server only)");
    }

    /** Problems of a file that should hold exactly one certificate (the leaf). */
    static List<Problem> singleCertificate(PemBundle file) {
        List<Problem> out = new ArrayList<>();
        List<X509Certificate> certificates = file.certificates();
        if (certificates.size() > 1) {
            out.add(new Problem(FindingCode.PEM_SEVERAL_CERTIFICATES, Severity.MEDIUM, file.source(),
                    file.certificateLines().get(1), "holds " + certificates.size() + " certificates where one is"
                            + " expected (the first, '" + name(certificates.get(0)) + "', is taken as the certificate;"
                            + " the others as its chain)", "Keep only the server certificate in this file and put the"
                            + " intermediates in the chain file (certificate imports have separate certificate and"
                            + " chain fields)"));
        }
        if (certificates.isEmpty()) {
            out.add(new Problem(FindingCode.PEM_NO_CERTIFICATE, Severity.HIGH, file.source(), 0, "holds no certificate",
                    "Give the file with the -----BEGIN CERTIFICATE----- block of the server certificate"));
        }
        return out;
    }

    /** Problems of a key file against the leaf: no key, or not the leaf's key. */
    static List<Problem> key(PemBundle file, List<PrivateKey> keys, List<Integer> keyLines, X509Certificate leaf) {
        List<Problem> out = new ArrayList<>();
        if (keys.isEmpty() && file.encryptedKeyCount() == 0) {
            out.add(new Problem(FindingCode.PEM_NO_KEY, Severity.HIGH, file.source(), 0, "holds no private key",
                    "Give the file with the -----BEGIN PRIVATE KEY----- block"));
            return out;
        }
        if (leaf == null) {
            return out;
        }
        PublicKey pub = leaf.getPublicKey();
        for (int i = 0; i < keys.size(); i++) {
            if (!matches(keys.get(i), pub)) {
                out.add(new Problem(FindingCode.PEM_KEY_MISMATCH, Severity.CRITICAL, file.source(), keyLines.get(i),
                        "the private key does not belong to the certificate '" + name(leaf) + "' (its public key"
                                + " differs): the server cannot start or every handshake fails (nginx: `key values"
                                + " mismatch`, OpenSSL: `X509_check_private_key:key values mismatch`)",
                        "Use the key the certificate was requested with (compare `openssl x509 -noout -pubkey` with"
                                + " `openssl pkey -pubout`)"));
            }
        }
        return out;
    }

    /** Problems of a chain file against the leaf: the leaf inside, wrong order, unrelated certificates. */
    static List<Problem> chain(PemBundle file, X509Certificate leaf) {
        List<Problem> out = new ArrayList<>();
        if (leaf == null) {
            return out;
        }
        String source = file.source();
        List<X509Certificate> rest = new ArrayList<>();
        List<Integer> restLines = new ArrayList<>();
        for (int i = 0; i < file.certificates().size(); i++) {
            X509Certificate c = file.certificates().get(i);
            if (Certificates.sameCertificate(c, leaf)) {
                out.add(new Problem(FindingCode.PEM_CHAIN_CONTAINS_LEAF, Severity.MEDIUM, source,
                        file.certificateLines().get(i), "the chain file contains the certificate itself ('" + name(c)
                                + "'): servers that append the chain to the certificate then send the leaf twice",
                        "Remove the server certificate from the chain file: it holds the intermediates only"));
            } else {
                rest.add(c);
                restLines.add(file.certificateLines().get(i));
            }
        }
        // Walk from the leaf through the file's certificates (each check once, within a budget).
        SignatureChecks checks = SignatureChecks.standard();
        List<Integer> order = new ArrayList<>();
        X509Certificate cur = leaf;
        boolean progressed = true;
        while (progressed && order.size() < rest.size()) {
            progressed = false;
            for (int i = 0; i < rest.size(); i++) {
                if (!order.contains(i) && checks.issued(rest.get(i), cur)) {
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
                        "'" + name(rest.get(i)) + "' issues '" + name(rest.get(order.get(k - 1))) + "' but comes before"
                                + " it: the chain must go upwards, each certificate followed by its issuer",
                        "Reorder the file: the leaf's issuer first, then its issuer, up to (not including) the root"));
                break;
            }
        }
        for (int i = 0; i < rest.size(); i++) {
            if (!order.contains(i)) {
                out.add(new Problem(FindingCode.PEM_CHAIN_UNRELATED, Severity.MEDIUM, source, restLines.get(i),
                        "'" + name(rest.get(i)) + "' is not an issuer on the path of '" + name(leaf) + "': it belongs"
                                + " to another chain (a stale intermediate after a CA change, or another certificate's"
                                + " bundle)", "Remove it from the chain file"));
            }
        }
        return out;
    }

    /** Whether the key signs what the public key verifies. */
    static boolean matches(PrivateKey key, PublicKey pub) {
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
}
