package dev.tlsweep.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated data files of the policy and probe packages (policies, client profiles,
 * deployment rules): '#' comments and blank lines skipped, every other line split at tabs.
 */
public final class DataFile {

    /** One data line, split at tabs, with where it came from. */
    public record Line(String source, int number, String[] columns) {

        /** This line, checked to have exactly {@code columns} columns. */
        public Line expect(int columns) {
            if (this.columns.length != columns) {
                throw error(this.columns.length + " columns (expected: " + columns + ")");
            }
            return this;
        }

        /** An error naming this line. */
        public IllegalStateException error(String message) {
            return new IllegalStateException(source + " line " + number + ": " + message);
        }
    }

    private DataFile() {
    }

    /** Every data line of a resource next to {@code owner}'s class file; callers check the column counts. */
    public static List<Line> read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /** Every data line of {@code text}; {@code source} names it in errors. */
    public static List<Line> parse(String text, String source) {
        List<Line> out = new ArrayList<>();
        int n = 0;
        for (String s : text.split("\r?\n", -1)) {
            n++;
            if (s.isBlank() || s.startsWith("#")) {
                continue;
            }
            out.add(new Line(source, n, s.split("\t", -1)));
        }
        return out;
    }
}
