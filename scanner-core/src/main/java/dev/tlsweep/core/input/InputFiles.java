package dev.tlsweep.core.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Files read from outside, refused up front when they are not what a file of that kind can be: a device
 * ({@code /dev/zero} never ends), a FIFO (opening one blocks until a writer comes), a directory, a socket,
 * or a regular file above a size cap. What is read is read with a bound, so a file that grows, or a
 * {@code /proc} file that claims size 0, cannot exhaust memory either. Every message names the file and says
 * what was expected. Blocking: never on an event loop.
 */
public final class InputFiles {

    /** The largest PEM file read: certificates, chains, keys, trust anchors (a full CA bundle is about 220 KB). */
    public static final int MAX_PEM_BYTES = 1024 * 1024;

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private InputFiles() {
    }

    /** What {@code file} is: {@code "a regular file"}, {@code "a directory"}, {@code "a FIFO"}, {@code "a character device"}... */
    public static String kind(Path file) throws IOException {
        BasicFileAttributes a = attributes(file);
        if (a.isRegularFile()) {
            return "a regular file";
        }
        if (a.isDirectory()) {
            return "a directory";
        }
        return special(file);
    }

    /** Whether {@code file} is a FIFO (a named pipe). */
    public static boolean isFifo(Path file) {
        try {
            return "a FIFO".equals(kind(file));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Checks that {@code file} is a regular file of at most {@code maxBytes} (negative: any size).
     *
     * @param expected what the file should be, for the message ({@code "a PEM file"})
     * @return its size
     * @throws InputFileException naming the file and what is wrong
     */
    public static long requireRegular(Path file, String expected, long maxBytes) throws InputFileException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(expected, "expected");
        BasicFileAttributes a;
        try {
            a = attributes(file);
        } catch (InputFileException e) {
            throw e;
        } catch (IOException e) {
            throw new InputFileException(file, "cannot read: " + reason(e) + " (expected: " + expected + ")");
        }
        if (!a.isRegularFile()) {
            String kind = a.isDirectory() ? "a directory" : special(file);
            throw new InputFileException(file, "is " + kind + ", not a regular file (expected: " + expected + ")");
        }
        if (maxBytes >= 0 && a.size() > maxBytes) {
            throw new InputFileException(file, "is " + size(a.size()) + " (expected: " + expected + " of at most "
                    + size(maxBytes) + ")");
        }
        return a.size();
    }

    /**
     * The bytes of a regular file of at most {@code maxBytes}, checked before it is opened and read with that
     * bound.
     *
     * @throws InputFileException naming the file: missing, not a regular file, too large, unreadable
     */
    public static byte[] read(Path file, String expected, int maxBytes) throws InputFileException {
        requireRegular(file, expected, maxBytes);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[Math.min(maxBytes + 1, 64 * 1024)];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (buf.length > maxBytes) {
                        throw new InputFileException(file, "is larger than " + size(maxBytes) + " (expected: "
                                + expected + " of at most " + size(maxBytes) + ")");
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min((long) maxBytes + 1, buf.length * 2L));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    return Arrays.copyOf(buf, n);
                }
                n += r;
            }
        } catch (InputFileException e) {
            throw e;
        } catch (IOException e) {
            throw new InputFileException(file, "cannot read: " + reason(e));
        }
    }

    /** {@code 1.0 MiB}, {@code 42.0 MB}: a size as people read it. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InputFileException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new InputFileException(file, "permission denied");
        }
    }

    /** The kind of a file that is neither regular nor a directory. */
    private static String special(Path file) {
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            if (mode instanceof Integer m) {
                return switch (m & S_IFMT) {
                    case S_IFCHR -> "a character device";
                    case S_IFBLK -> "a block device";
                    case S_IFIFO -> "a FIFO";
                    case S_IFSOCK -> "a socket";
                    default -> "a special file";
                };
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view here
        }
        return "a special file";
    }

    /** An I/O failure's reason, without a stack of class names. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return Printable.cut(f.getReason(), 200);
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : Printable.cut(m, 200);
    }

    /**
     * The first of {@code names} that names the same file as an earlier one (the same path written another way,
     * a link to it, or {@code -} twice), as written the second time; {@code null} when each is given once.
     * Files that do not exist are compared by their normalised absolute path (reading them fails later).
     */
    public static String repeated(List<String> names) {
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
            Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            return key != null ? key : p.toRealPath();
        } catch (IOException | UnsupportedOperationException | java.nio.file.InvalidPathException e) {
            return p;
        }
    }
}
