package dev.tlsweep.core.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads the registry's tab-separated data files: '#' starts a comment line, blank lines are
 * skipped, every other line has exactly the expected number of tab-separated columns.
 */
final class TsvTable {

    /** One data line, split into columns, with its position for error messages. */
    record Row(String source, int lineNumber, String[] columns) {

        String get(int i) {
            return columns[i];
        }

        /** Column {@code i}, or null if it is "-". */
        String optional(int i) {
            return "-".equals(columns[i]) ? null : columns[i];
        }

        int hex(int i, String what) {
            String s = columns[i];
            if (!s.startsWith("0x") || s.length() < 3) {
                throw error(what + ": " + s + " (expected: 0x followed by hex digits)");
            }
            try {
                return Integer.parseInt(s.substring(2), 16);
            } catch (NumberFormatException e) {
                throw error(what + ": " + s + " (expected: 0x followed by hex digits)", e);
            }
        }

        int integer(int i, String what) {
            try {
                int v = Integer.parseInt(columns[i]);
                if (v < 0) {
                    throw error(what + ": " + v + " (expected: >= 0)");
                }
                return v;
            } catch (NumberFormatException e) {
                throw error(what + ": " + columns[i] + " (expected: a decimal integer)", e);
            }
        }

        <E extends Enum<E>> E enumValue(int i, Class<E> type, String what) {
            try {
                return Enum.valueOf(type, columns[i]);
            } catch (IllegalArgumentException e) {
                throw error(what + ": " + columns[i] + " (expected: one of "
                        + List.of(type.getEnumConstants()) + ")", e);
            }
        }

        boolean yesNo(int i, String what) {
            switch (columns[i].toLowerCase(Locale.ROOT)) {
                case "yes": return true;
                case "no": return false;
                default: throw error(what + ": " + columns[i] + " (expected: yes or no)");
            }
        }

        RegistryFormatException error(String message) {
            return new RegistryFormatException(source, lineNumber, message);
        }

        RegistryFormatException error(String message, Throwable cause) {
            return new RegistryFormatException(source, lineNumber, message, cause);
        }
    }

    private TsvTable() {
    }

    /** Parses all data lines of {@code reader}, mapping each with {@code mapper}. */
    static <T> List<T> parse(Reader reader, String source, int columnCount, Function<Row, T> mapper) {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(source, "source");
        List<T> out = new ArrayList<>();
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        int lineNumber = 0;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (cols.length != columnCount) {
                    throw new RegistryFormatException(source, lineNumber, "expected " + columnCount
                            + " tab-separated columns, found " + cols.length + ": " + line);
                }
                for (int i = 0; i < cols.length; i++) {
                    cols[i] = cols[i].trim();
                    if (cols[i].isEmpty()) {
                        throw new RegistryFormatException(source, lineNumber,
                                "column " + (i + 1) + " is empty (use - for none): " + line);
                    }
                }
                Row row = new Row(source, lineNumber, cols);
                try {
                    out.add(mapper.apply(row));
                } catch (RegistryFormatException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new RegistryFormatException(source, lineNumber, e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read", e);
        }
        return out;
    }

    /** Parses a resource next to this class. */
    static <T> List<T> parseResource(String name, int columnCount, Function<Row, T> mapper) {
        InputStream in = TsvTable.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("registry resource missing: " + name);
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(r, name, columnCount, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read", e);
        }
    }
}
