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
 * The named-group registry: the IANA "TLS Supported Groups" registry, including the FFDHE groups,
 * ML-KEM and the hybrid post-quantum groups. Loaded once from {@code named-groups.tsv}; immutable.
 *
 * @see <a href="https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-8">IANA TLS Supported Groups</a>
 */
public final class NamedGroups {

    static final String RESOURCE = "named-groups.tsv";
    private static final int COLUMNS = 5;

    private static final List<NamedGroup> ALL;
    private static final Map<Integer, NamedGroup> BY_CODE = new HashMap<>();
    private static final Map<String, NamedGroup> BY_NAME = new HashMap<>();

    static {
        List<NamedGroup> groups = new ArrayList<>(TsvTable.parseResource(RESOURCE, COLUMNS, NamedGroups::parseRow));
        groups.sort(Comparator.comparingInt(NamedGroup::code));
        ALL = List.copyOf(groups);
        for (NamedGroup g : ALL) {
            if (BY_CODE.putIfAbsent(g.code(), g) != null) {
                throw new IllegalStateException(RESOURCE + ": duplicate code " + g.codeHex());
            }
            if (BY_NAME.putIfAbsent(g.name().toLowerCase(Locale.ROOT), g) != null) {
                throw new IllegalStateException(RESOURCE + ": duplicate name " + g.name());
            }
        }
    }

    private NamedGroups() {
    }

    /** The group with this wire value. */
    public static Optional<NamedGroup> byCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The group with this IANA name, case-insensitively ("X25519" finds x25519). */
    public static Optional<NamedGroup> byName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** All groups in code order. */
    public static List<NamedGroup> all() {
        return ALL;
    }

    static List<NamedGroup> parse(Reader reader, String source) {
        return TsvTable.parse(reader, source, COLUMNS, NamedGroups::parseRow);
    }

    private static NamedGroup parseRow(TsvTable.Row row) {
        return new NamedGroup(row.hex(0, "code"), row.get(1), row.enumValue(2, NamedGroup.Kind.class, "kind"),
                row.integer(3, "bits"), row.integer(4, "keyShareLength"));
    }
}
