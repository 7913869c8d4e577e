package dev.tlsweep.core.sink;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A JSON-lines file written durably: every call to {@link #write} is one {@code write(2)} of whole
 * lines (so a killed process leaves at most a torn last line, never a torn line in the middle),
 * and the file is synced to disk ({@code fsync}) at most once per interval and at {@link #close()}.
 * Not thread-safe.
 */
public final class JsonlFile implements Closeable, LineWriter {

    private final FileChannel channel;
    private final long syncIntervalNanos;
    private long lastSync = System.nanoTime();
    private boolean dirty;

    private JsonlFile(FileChannel channel, Duration syncInterval) {
        this.channel = channel;
        this.syncIntervalNanos = syncInterval.toNanos();
    }

    /**
     * Opens {@code path} for appending (creating it), or truncates it first when {@code append} is false.
     *
     * @param syncInterval the longest time written lines stay unsynced
     */
    public static JsonlFile open(Path path, boolean append, Duration syncInterval) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(syncInterval, "syncInterval");
        FileChannel ch = append
                ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
        return new JsonlFile(ch, syncInterval);
    }

    /** Appends the lines, each followed by a newline, in one write; syncs if the interval has passed. */
    @Override
    public void write(List<String> lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        dirty = true;
        if (System.nanoTime() - lastSync >= syncIntervalNanos) {
            sync();
        }
    }

    /** Forces what was written to disk. */
    public void sync() throws IOException {
        if (dirty) {
            channel.force(false);
            dirty = false;
        }
        lastSync = System.nanoTime();
    }

    /** Syncs and closes. */
    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            channel.close();
        }
    }
}
