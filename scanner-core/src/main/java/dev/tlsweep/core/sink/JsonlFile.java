package dev.tlsweep.core.sink;

import dev.tlsweep.core.input.Printable;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;

/**
 * A JSON-lines file written durably: every call to {@link #write} is one {@code write(2)} of whole
 * lines (so a killed process leaves at most a torn last line, never a torn line in the middle),
 * and the file is synced to disk ({@code fsync}) at most once per interval and at {@link #close()}.
 *
 * <p>A regular file is locked for as long as it is open (an exclusive {@code fcntl} lock, taken before
 * anything is truncated or read): a second run on the same file, resumed or not, is refused with
 * {@link InUseException} instead of interleaving or duplicating reports. What a resumed run reads back
 * ({@link #cutTornLine()}, {@link #readFromStart()}) goes through the same descriptor, since closing any other
 * descriptor of the file would release the lock. Failures name the file. Not thread-safe.
 */
public final class JsonlFile implements Closeable, LineWriter {

    /** The file is locked by another run (another process, or another open in this one). */
    public static final class InUseException extends IOException {
        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final long syncIntervalNanos;
    private long lastSync = System.nanoTime();
    private boolean dirty;

    private JsonlFile(Path path, FileChannel channel, FileLock lock, Duration syncInterval) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.syncIntervalNanos = syncInterval.toNanos();
    }

    /**
     * Opens {@code path} for appending (creating it), or empties it first when {@code append} is false, after
     * locking it when it is a regular file.
     *
     * @param syncInterval the longest time written lines stay unsynced
     * @throws InUseException when another run holds the file
     * @throws IOException naming the file when it cannot be opened
     */
    public static JsonlFile open(Path path, boolean append, Duration syncInterval) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(syncInterval, "syncInterval");
        FileChannel ch;
        boolean regular;
        try {
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            regular = Files.isRegularFile(path);
        } catch (IOException e) {
            throw new IOException("cannot open " + name(path) + ": " + reason(e), e);
        }
        FileLock lock = null;
        try {
            if (regular) {
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    throw new InUseException(name(path) + " is in use by another tlsweep run (it holds a lock on it): "
                            + "wait for that run to end, or write to another file");
                }
                if (!append) {
                    ch.truncate(0);
                }
                ch.position(ch.size());
            }
            return new JsonlFile(path, ch, lock, syncInterval);
        } catch (InUseException e) {
            ch.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot open " + name(path) + ": " + reason(e), e);
        }
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** Appends the bytes (whole lines) in one write; syncs if the interval has passed. */
    @Override
    public void write(byte[] utf8, int offset, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(utf8, offset, length);
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new IOException("cannot write to " + name(path) + ": " + reason(e), e);
        }
        dirty = true;
        if (System.nanoTime() - lastSync >= syncIntervalNanos) {
            sync();
        }
    }

    /** Forces what was written to disk. */
    public void sync() throws IOException {
        if (dirty) {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new IOException("cannot write to " + name(path) + ": " + reason(e), e);
            }
            dirty = false;
        }
        lastSync = System.nanoTime();
    }

    /**
     * Cuts everything after the last newline (what a killed writer leaves) and moves to the new end.
     *
     * @return how many bytes were cut
     */
    public long cutTornLine() throws IOException {
        long length = channel.size();
        long pos = length;
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (pos > 0) {
            int chunk = (int) Math.min(buf.capacity(), pos);
            buf.clear().limit(chunk);
            long at = pos - chunk;
            while (buf.hasRemaining()) {
                if (channel.read(buf, at + buf.position()) < 0) {
                    break;
                }
            }
            for (int i = buf.position() - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    long keep = at + i + 1;
                    if (keep < length) {
                        channel.truncate(keep);
                    }
                    channel.position(keep);
                    return length - keep;
                }
            }
            pos = at;
        }
        channel.truncate(0);
        channel.position(0);
        return length;
    }

    /** The file's bytes from the start, through this file's descriptor; closing the stream leaves the file open. */
    public InputStream readFromStart() {
        return new InputStream() {
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = channel.read(ByteBuffer.wrap(b, off, len), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }
        };
    }

    /** Syncs, unlocks and closes. */
    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            try {
                if (lock != null && lock.isValid()) {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        }
    }

    private static String name(Path path) {
        return Printable.cut(path.toString(), 300);
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : Printable.cut(e.getMessage(), 200);
    }
}
