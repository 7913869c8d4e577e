package dev.tlsweep.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The input files of the commands that read report files ({@code summarize}, {@code report}, {@code diff}). */
final class InputFiles {

    private InputFiles() {
    }

    /**
     * The first of {@code names} that names the same file as an earlier one (the same path written another way,
     * a link to it, or {@code -} twice), as written the second time; {@code null} when each is given once.
     * Files that do not exist are compared by their normalised absolute path (reading them fails later).
     */
    static String repeated(List<String> names) {
        Map<Object, String> seen = new HashMap<>();
        for (String n : names) {
            if (seen.putIfAbsent(identity(n), n) != null) {
                return n.equals("-") ? "standard input ('-')" : n;
            }
        }
        return null;
    }

    private static Object identity(String name) {
        if (name.equals("-")) {
            return "-";
        }
        Path p = Path.of(name).toAbsolutePath().normalize();
        try {
            Object key = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return key != null ? key : p.toRealPath();
        } catch (IOException | UnsupportedOperationException e) {
            return p;
        }
    }
}
