package dev.tlsweep.core.inventory;

import dev.tlsweep.core.reach.Starttls;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Streams the targets of an inventory: the command-line arguments first, then the lines of a
 * file or stdin, read only as they are asked for (the caller's pace is the backpressure), so an
 * inventory of millions of lines is never held in memory.
 *
 * <p>One line: a target as {@link TargetParser#expand} reads it (a CIDR range becomes one entry
 * per address, produced lazily), blank, or a comment ({@code #} at the start of the line or after
 * whitespace; the rest of the line is ignored). A malformed line goes to the error consumer with
 * its source and line number and is skipped. Only the targets of the given {@link Shard} are
 * returned. Not thread-safe: one consumer thread.
 */
public final class InventoryReader implements Iterator<InventoryEntry>, Closeable {

    /** Default largest CIDR range: 65,536 addresses, a /16 of IPv4 or a /112 of IPv6. */
    public static final long DEFAULT_MAX_CIDR_ADDRESSES = 1L << 16;

    private final List<String> arguments;
    private final BufferedReader file;
    private final String fileName;
    private final long maxCidrAddresses;
    private final Shard shard;
    private final Consumer<InventoryError> errors;

    private int argumentIndex;
    private long fileLine;
    private long line;
    private Iterator<Target> current;
    private long currentLine;
    private InventoryEntry next;
    private volatile long linesRead;
    private volatile long malformed;
    private boolean inPem;

    /**
     * Opens an inventory file (or standard input, for {@code null}) as UTF-8 that turns bytes that are
     * not UTF-8 into U+FFFD: such a line becomes one malformed target, named with its line number,
     * instead of ending the run.
     */
    public static BufferedReader open(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(file == null ? System.in : Files.newInputStream(file), utf8));
    }

    /**
     * @param arguments targets given on the command line, lines 1..size
     * @param file the inventory file or stdin, read after the arguments; may be {@code null}
     * @param fileName how errors name the file ({@code "stdin"} for standard input)
     * @param maxCidrAddresses the largest CIDR range accepted
     * @param shard the part of the inventory to return
     * @param errors receives every malformed line
     */
    public InventoryReader(List<String> arguments, BufferedReader file, String fileName, long maxCidrAddresses,
            Shard shard, Consumer<InventoryError> errors) {
        this.arguments = List.copyOf(arguments);
        this.file = file;
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        if (maxCidrAddresses < 1) {
            throw new IllegalArgumentException("maxCidrAddresses: " + maxCidrAddresses + " (expected: > 0)");
        }
        this.maxCidrAddresses = maxCidrAddresses;
        this.shard = Objects.requireNonNull(shard, "shard");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    private Starttls.Scheme bare;

    /**
     * Reaches the targets that name no URL scheme as {@code scheme} says ({@code --starttls PROTO}: its upgrade and
     * default port); {@code null}, the default, for TLS on port 443. Call before reading.
     */
    public InventoryReader bareScheme(Starttls.Scheme scheme) {
        this.bare = scheme;
        return this;
    }

    /** Lines read so far (arguments included), for progress. */
    public long linesRead() {
        return linesRead;
    }

    /** Malformed lines so far. */
    public long malformed() {
        return malformed;
    }

    /** @throws UncheckedIOException when the file cannot be read */
    @Override
    public boolean hasNext() {
        while (next == null) {
            if (current != null && current.hasNext()) {
                Target t = current.next();
                if (shard.contains(t)) {
                    next = new InventoryEntry(currentLine, t);
                }
                continue;
            }
            current = null;
            String text;
            String source;
            long lineInSource;
            if (argumentIndex < arguments.size()) {
                text = arguments.get(argumentIndex++);
                source = "arguments";
                lineInSource = argumentIndex;
            } else if (file != null) {
                try {
                    text = file.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + fileName, e);
                }
                if (text == null) {
                    return false;
                }
                fileLine++;
                source = fileName;
                lineInSource = fileLine;
            } else {
                return false;
            }
            line++;
            linesRead = line;
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1); // a UTF-8 byte-order mark
            }
            if (inPem) { // never echo PEM lines: they may be a private key
                inPem = !text.strip().startsWith("-----END");
                continue;
            }
            if (text.strip().startsWith("-----BEGIN")) {
                inPem = true;
                malformed++;
                errors.accept(new InventoryError(source, lineInSource,
                        "PEM data (a certificate or a key), not targets: skipped up to its END line, not shown"));
                continue;
            }
            String content = stripComment(text).strip();
            if (content.isEmpty()) {
                continue;
            }
            try {
                current = TargetParser.expand(content, maxCidrAddresses, bare);
                currentLine = line;
            } catch (TargetSyntaxException e) {
                malformed++;
                errors.accept(new InventoryError(source, lineInSource, e.getMessage()));
            }
        }
        return true;
    }

    @Override
    public InventoryEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        InventoryEntry e = next;
        next = null;
        return e;
    }

    /** Closes the file (not stdin's underlying stream if the caller passed a reader over it). */
    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }

    /** The line without a comment: {@code #} at its start or after whitespace begins one. */
    static String stripComment(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                return text.substring(0, i);
            }
        }
        return text;
    }
}
