package dev.tlsweep.core.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file atomically: to a temporary file in the same directory, synced, then renamed over the target,
 * so that a reader (node_exporter's textfile collector, a web server reloading its certificate) never sees
 * half a file.
 *
 * <p>Modes: a file that exists keeps its permissions (a 0600 metrics file stays 0600); a new one gets what the
 * process's umask gives a file it creates (0644 under umask 022, 0600 under 077), as any file a user writes.
 * A target that exists and is not a regular file (a device such as {@code /dev/stdout} or {@code /dev/full}, a
 * FIFO) is written in place, never replaced.
 */
public final class AtomicFile {

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /** Writes {@code content} to {@code file} atomically. */
    public static void write(Path file, Content content) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Path absolute = file.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isRegularFile(absolute) && !Files.isDirectory(absolute)) {
            try (OutputStream out = Files.newOutputStream(absolute, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            return;
        }
        Set<PosixFilePermission> keep = null;
        if (Files.isRegularFile(absolute)) {
            try {
                keep = Files.getPosixFilePermissions(absolute);
            } catch (UnsupportedOperationException notPosix) {
                // the platform's defaults apply
            }
        }
        Path tmp = absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            // Created without explicit permissions: 0666 less the umask, like any file the user writes.
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                if (keep != null) {
                    Files.setPosixFilePermissions(tmp, keep);
                }
                OutputStream out = Channels.newOutputStream(ch);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
