package dev.tlsweep.core.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads this package's tab-separated data files: '#' comments, blank lines skipped. */
final class DataFile {

    /** One data line, split at tabs, with where it came from. */
    record Line(String source, int number, String[] columns) {

        Line expect(int columns) {
            if (this.columns.length != columns) {
                throw error(this.columns.length + " columns (expected: " + columns + ")");
            }
            return this;
        }

        IllegalStateException error(String message) {
            return new IllegalStateException(source + " line " + number + ": " + message);
        }
    }

    private DataFile() {
    }

    /** Every data line; callers check the column counts. */
    static List<Line> read(String resource) {
        List<Line> out = new ArrayList<>();
        try (InputStream in = DataFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String s;
            int n = 0;
            while ((s = r.readLine()) != null) {
                n++;
                if (s.isBlank() || s.startsWith("#")) {
                    continue;
                }
                out.add(new Line(resource, n, s.split("\t", -1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
        return out;
    }
}
