package dev.tlsweep.core.inventory;

import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.input.BoundedLineReader;
import dev.tlsweep.core.input.InputFileException;
import dev.tlsweep.core.input.InputFiles;
import dev.tlsweep.core.input.Printable;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
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
 *
 * <p>Hostile lines: a line longer than {@value #MAX_LINE_CHARS} characters is cut while it is read and
 * reported; every message quotes input through {@link Printable#echo}. PEM data pasted into an inventory
 * (a certificate or a private key) is never echoed: a block from its BEGIN line to its END line, or to the
 * first line that cannot be part of it (then said: no END line), and a run of base64 lines without a BEGIN
 * line (a key body pasted alone) are each reported once, by line numbers, and skipped. A user name and
 * password in a URL target are dropped ({@link TargetParser}); the first time, the notice consumer hears of
 * it.
 */
public final class InventoryReader implements Iterator<InventoryEntry>, Closeable {

    /** Default largest CIDR range: 65,536 addresses, a /16 of IPv4 or a /112 of IPv6. */
    public static final long DEFAULT_MAX_CIDR_ADDRESSES = 1L << 16;

    /** The longest inventory line read; a longer one is cut while read, reported and skipped. */
    public static final int MAX_LINE_CHARS = 8192;

    private static final String PEM_SKIPPED = "PEM data (a certificate or a key), not targets: ";
    private static final String BASE64_SKIPPED = "base64 data (the body of a certificate or a key without its "
            + "BEGIN line?), not targets: ";

    private final List<String> arguments;
    private final BoundedLineReader file;
    private final String fileName;
    private final long maxCidrAddresses;
    private final Shard shard;
    private final Consumer<InventoryError> errors;
    private final Consumer<InventoryError> notices;

    private int argumentIndex;
    private long fileLine;
    private long line;
    private Iterator<Target> current;
    private long currentLine;
    private InventoryEntry next;
    private volatile long linesRead;
    private volatile long malformed;
    private boolean userInfoNoticed;
    /** The PEM block or base64 run being skipped, or {@code null}. */
    private Skipped skipping;

    /** A run of lines being skipped without being shown. */
    private static final class Skipped {
        final boolean pem;
        final String source;
        final long first;
        long last;
        boolean headers;
        boolean body;

        Skipped(boolean pem, String source, long first) {
            this.pem = pem;
            this.source = source;
            this.first = first;
            this.last = first;
        }
    }

    /**
     * Opens an inventory file (or standard input, for {@code null}) as UTF-8 that turns bytes that are
     * not UTF-8 into U+FFFD: such a line becomes one malformed target, named with its line number,
     * instead of ending the run. A regular file or a FIFO (streaming input: {@code <(some-tool)}) is
     * read; a device, a directory or a socket is refused, naming it.
     *
     * @throws InputFileException for a missing, unreadable or special file
     */
    public static BufferedReader open(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        if (file != null) {
            requireReadable(file);
        }
        return new BufferedReader(new InputStreamReader(file == null ? System.in : Files.newInputStream(file), utf8));
    }

    /**
     * Checks that {@code file} can be an inventory: a regular file or a FIFO.
     *
     * @throws InputFileException naming the file and what it is instead
     */
    public static void requireReadable(Path file) throws InputFileException {
        String kind;
        try {
            kind = InputFiles.kind(file);
        } catch (InputFileException e) {
            throw e;
        } catch (IOException e) {
            throw new InputFileException(file, "cannot read: " + e.getMessage());
        }
        if (!kind.equals("a regular file") && !kind.equals("a FIFO")) {
            throw new InputFileException(file, "is " + kind + " (expected: an inventory file, a FIFO, or - for "
                    + "standard input)");
        }
        if (!Files.isReadable(file)) {
            throw new InputFileException(file, "permission denied");
        }
    }

    /**
     * @param arguments targets given on the command line, lines 1..size
     * @param file the inventory file or stdin, read after the arguments; may be {@code null}
     * @param fileName how errors name the file ({@code "stdin"} for standard input)
     * @param maxCidrAddresses the largest CIDR range accepted
     * @param shard the part of the inventory to return
     * @param errors receives every malformed line
     */
    public InventoryReader(List<String> arguments, Reader file, String fileName, long maxCidrAddresses,
            Shard shard, Consumer<InventoryError> errors) {
        this(arguments, file, fileName, maxCidrAddresses, shard, errors, n -> { });
    }

    /**
     * @param notices receives what is not an error but must be said: once, that a URL's user name and
     *                password were dropped (the notice never contains them)
     */
    public InventoryReader(List<String> arguments, Reader file, String fileName, long maxCidrAddresses,
            Shard shard, Consumer<InventoryError> errors, Consumer<InventoryError> notices) {
        this.arguments = List.copyOf(arguments);
        // Small reads over a buffered reader: the input is read no further ahead than the targets asked for.
        this.file = file == null ? null : new BoundedLineReader(file, MAX_LINE_CHARS, 128);
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        if (maxCidrAddresses < 1) {
            throw new IllegalArgumentException("maxCidrAddresses: " + maxCidrAddresses + " (expected: > 0)");
        }
        this.maxCidrAddresses = maxCidrAddresses;
        this.shard = Objects.requireNonNull(shard, "shard");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.notices = Objects.requireNonNull(notices, "notices");
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

    /** Malformed lines so far (a skipped PEM block or base64 run counts once). */
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
            boolean cut = false;
            long length = 0;
            if (argumentIndex < arguments.size()) {
                text = arguments.get(argumentIndex++);
                source = "arguments";
                lineInSource = argumentIndex;
            } else if (file != null) {
                try {
                    text = file.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + Printable.cut(fileName, 200), e);
                }
                if (text == null) {
                    endSkipping(null);
                    return false;
                }
                cut = file.cut();
                length = file.length();
                fileLine++;
                source = fileName;
                lineInSource = fileLine;
            } else {
                endSkipping(null);
                return false;
            }
            line++;
            linesRead = line;
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1); // a UTF-8 byte-order mark
            }
            if (skipping != null && !skipping.source.equals(source)) {
                endSkipping(null);
            }
            if (skipping != null && continuesSkipped(text.strip(), lineInSource)) {
                continue;
            }
            if (cut) {
                endSkipping(lineInSource);
                error(source, lineInSource, "a line of " + length + " characters (expected: at most "
                        + MAX_LINE_CHARS + "), skipped: " + Printable.quote(TargetParser.withoutUserInfo(text)));
                continue;
            }
            String stripped = text.strip();
            if (stripped.contains("-----BEGIN")) {
                endSkipping(lineInSource);
                int begin = stripped.indexOf("-----BEGIN");
                if (stripped.indexOf("-----END", begin) >= 0) {
                    error(source, lineInSource, PEM_SKIPPED + "a whole block on one line, skipped, not shown");
                } else {
                    skipping = new Skipped(true, source, lineInSource);
                }
                continue;
            }
            if (stripped.contains("-----END")) {
                endSkipping(lineInSource);
                error(source, lineInSource, PEM_SKIPPED + "an END line without its BEGIN line, skipped, not shown");
                continue;
            }
            if (startsBase64Run(stripped)) {
                endSkipping(lineInSource);
                skipping = new Skipped(false, source, lineInSource);
                skipping.body = true;
                continue;
            }
            endSkipping(lineInSource);
            String content = stripComment(text).strip();
            if (content.isEmpty()) {
                continue;
            }
            if (!userInfoNoticed && TargetParser.hasUserInfo(content)) {
                userInfoNoticed = true;
                notices.accept(new InventoryError(source, lineInSource, "the user name and password of a target "
                        + "(user:password@) were dropped, here and on any later line: tlsweep sends no HTTP request, "
                        + "and never stores or shows them"));
            }
            try {
                current = TargetParser.expand(content, maxCidrAddresses, bare);
                currentLine = line;
            } catch (TargetSyntaxException e) {
                error(source, lineInSource, e.getMessage());
            }
        }
        return true;
    }

    /** Whether the line {@code stripped} belongs to the block or run being skipped (and records it). */
    private boolean continuesSkipped(String stripped, long lineInSource) {
        Skipped s = skipping;
        if (stripped.contains("-----END") && !stripped.contains("-----BEGIN")) {
            s.last = lineInSource;
            errors(s, " skipped, not shown");
            skipping = null;
            return true;
        }
        boolean belongs;
        if (stripped.isEmpty()) {
            belongs = s.pem && s.headers && !s.body; // the blank line after RFC 1421 headers
        } else if (isBase64Line(stripped)) {
            belongs = true;
            s.body = true;
        } else if (s.pem && !s.body && stripped.indexOf(':') > 0
                && stripped.substring(0, stripped.indexOf(':')).chars().allMatch(c -> Character.isLetter(c) || c == '-')) {
            belongs = true; // Proc-Type:, DEK-Info: headers
            s.headers = true;
        } else {
            belongs = false;
        }
        if (belongs) {
            s.last = lineInSource;
        }
        return belongs;
    }

    /** Ends the block or run being skipped, if any, before {@code nextLine} ({@code null}: the end of the input). */
    private void endSkipping(Long nextLine) {
        Skipped s = skipping;
        if (s == null) {
            return;
        }
        skipping = null;
        if (!s.pem) {
            errors(s, " skipped, not shown");
        } else if (nextLine == null) {
            errors(s, " skipped, not shown (no END line: the input ends first)");
        } else {
            errors(s, " skipped, not shown (no END line: the block ends before line " + nextLine
                    + ", which is read again as a target)");
        }
    }

    private void errors(Skipped s, String what) {
        String lines = s.first == s.last ? "line " + s.first : "lines " + s.first + "–" + s.last;
        error(s.source, s.first, (s.pem ? PEM_SKIPPED : BASE64_SKIPPED) + lines + what);
    }

    private void error(String source, long lineInSource, String problem) {
        malformed++;
        errors.accept(new InventoryError(source, lineInSource, problem));
    }

    /** A line of the base64 alphabet only. */
    private static boolean isBase64Line(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Printable.isBase64(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /**
     * Whether a line is base64 that no target can be: the alphabet only, and either long and mixed like key
     * material, or holding {@code +}, {@code /} or padding, which no host name has.
     */
    static boolean startsBase64Run(String s) {
        if (!isBase64Line(s)) {
            return false;
        }
        return Printable.looksLikeSecret(s) || s.indexOf('+') >= 0 || s.indexOf('/') >= 0 || s.endsWith("=");
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
