package dev.tlsweep.core.registry;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The signature-scheme registry: the IANA "TLS SignatureScheme" registry plus the TLS 1.2
 * (hash, signature) pairs that have no TLS 1.3 name. Loaded once from {@code signature-schemes.tsv};
 * immutable.
 *
 * @see <a href="https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-signaturescheme">IANA TLS SignatureScheme</a>
 */
public final class SignatureSchemes {

    static final String RESOURCE = "signature-schemes.tsv";
    private static final int COLUMNS = 6;

    private static final List<SignatureScheme> ALL;
    private static final Map<Integer, SignatureScheme> BY_CODE = new HashMap<>();
    private static final Map<String, SignatureScheme> BY_NAME = new HashMap<>();

    static {
        List<SignatureScheme> schemes =
                new ArrayList<>(TsvTable.parseResource(RESOURCE, COLUMNS, SignatureSchemes::parseRow));
        schemes.sort(Comparator.comparingInt(SignatureScheme::code));
        ALL = List.copyOf(schemes);
        for (SignatureScheme s : ALL) {
            if (BY_CODE.putIfAbsent(s.code(), s) != null) {
                throw new IllegalStateException(RESOURCE + ": duplicate code " + s.codeHex());
            }
            if (BY_NAME.putIfAbsent(s.name().toLowerCase(Locale.ROOT), s) != null) {
                throw new IllegalStateException(RESOURCE + ": duplicate name " + s.name());
            }
        }
    }

    private SignatureSchemes() {
    }

    /** The scheme with this wire value. */
    public static Optional<SignatureScheme> byCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The scheme with this name, case-insensitively. */
    public static Optional<SignatureScheme> byName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** All schemes in code order. */
    public static List<SignatureScheme> all() {
        return ALL;
    }

    static List<SignatureScheme> parse(Reader reader, String source) {
        return TsvTable.parse(reader, source, COLUMNS, SignatureSchemes::parseRow);
    }

    private static SignatureScheme parseRow(TsvTable.Row row) {
        return new SignatureScheme(row.hex(0, "code"), row.get(1),
                row.enumValue(2, SignatureScheme.Algorithm.class, "algorithm"),
                row.enumValue(3, SignatureScheme.Hash.class, "hash"), row.yesNo(4, "tls13"), row.yesNo(5, "iana"));
    }
}
