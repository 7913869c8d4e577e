package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.registry.KeyExchange;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.wire.Bytes;
import dev.tlsweep.core.wire.ClientHelloEncoder;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.RsaKey;
import dev.tlsweep.core.wire.ServerFlight;
import dev.tlsweep.core.wire.ServerFlightDecoder;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * ROBOT (Return Of Bleichenbacher's Oracle Threat, robotattack.org; CVE-2017-13099 and others): whether the server's
 * reaction to an RSA ClientKeyExchange tells a correctly padded PKCS #1 v1.5 premaster secret from malformed ones. The
 * method of the ROBOT authors' robot-detect: five ClientKeyExchanges encrypted with the server's own key — well-formed,
 * wrong first bytes, the 0x00 separator misplaced, no separator, a wrong version — each followed by a
 * ChangeCipherSpec and a bogus Finished, one connection each; when the five reactions are the same, the five again
 * without the ChangeCipherSpec and Finished (the "shortened" flow some oracles need). Different reactions are an
 * oracle: confirmed by asking the five again (inconsistent answers are an error, not a verdict); it is
 * <em>strong</em> when the wrong-first-bytes case differs from the misplaced- and missing-separator cases (fast to
 * exploit), <em>weak</em> otherwise. A reaction is the first alert, another record, a close, a reset or silence: a
 * second of it in the standard flow; in the shortened one, ten times the standard flow's slowest reaction, from a
 * quarter of a second to a second (a patched server waits there for the rest of the handshake, so this window is
 * what the check costs on a fast server). A connection that got no flight to answer makes the round inconclusive (an
 * error), never an oracle.
 *
 * <p>Only endpoints that accept RSA key exchange (TLS_RSA_* suites) can have this oracle; the others are not
 * applicable. Cost: 10 connections when there is no oracle, 10 or 15 when there is.
 */
public final class RobotCheck implements CheckProbe {

    /**
     * How long a server may stay silent after the key exchange before silence is its reaction: shorter than a read
     * timeout, so that a server waiting for the rest of the handshake (every patched one, in the shortened flow) is
     * not held for long — and a single-threaded one not blocked.
     */
    static final long REACTION_WINDOW_MILLIS = 1_000;

    /**
     * The shortest window of the shortened flow. Its window is {@link #WINDOW_MARGIN} times the slowest reaction of the
     * standard flow, within this and {@link #REACTION_WINDOW_MILLIS}: in the shortened flow a server reacts, if at all,
     * right after decrypting the premaster secret — work it had done, and then more, before each reaction of the
     * standard flow. A server on loopback or a LAN is thus not waited on for a full second five times over.
     */
    static final long SHORTEST_WINDOW_MILLIS = 250;

    /** How many times the slowest reaction of the standard flow the shortened flow waits before calling it silence. */
    static final int WINDOW_MARGIN = 10;

    static final List<String> CASES = List.of("well-formed", "wrong first bytes", "0x00 misplaced", "no 0x00 separator",
            "wrong version");

    @Override
    public Check check() {
        return Check.ROBOT;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        ProtocolVersion v = null;
        List<Integer> rsa = List.of();
        for (ProtocolVersion candidate : List.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_1,
                ProtocolVersion.TLSv1_0)) {
            List<Integer> suites = facts.suites(candidate, s -> s.keyExchange() == KeyExchange.RSA);
            if (!suites.isEmpty()) {
                v = candidate;
                rsa = suites;
                break;
            }
        }
        if (v == null) {
            return CompletableFuture.completedFuture(new CheckResult.Robot(CheckRuns.notApplicable(
                    "no RSA key-exchange suite is accepted"), false, null, null));
        }
        ProtocolVersion version = v;
        ClientHelloSpec hello = Hellos.builderFor(v, rsa, ctx.sni()).build();
        return round(ctx, hello, version, true, REACTION_WINDOW_MILLIS, tally).thenCompose(first -> {
            List<String> standard = first.reactions();
            if (standard.stream().anyMatch(r -> r.startsWith("error"))) {
                return done(error(standard, tally));
            }
            if (!Oracle.allSame(standard)) {
                return round(ctx, hello, version, true, REACTION_WINDOW_MILLIS, tally).thenApply(again -> judge(standard,
                        again.reactions(), "standard", tally));
            }
            // The same window for the shortened flow and its confirmation, so that they are comparable.
            long window = shortenedWindow(first.slowestNanos());
            return round(ctx, hello, version, false, window, tally).thenCompose(second -> {
                List<String> shortened = second.reactions();
                if (shortened.stream().anyMatch(r -> r.startsWith("error"))) {
                    return done(error(shortened, tally));
                }
                if (!Oracle.allSame(shortened)) {
                    return round(ctx, hello, version, false, window, tally).thenApply(again -> judge(shortened,
                            again.reactions(), "shortened", tally));
                }
                return done(new CheckResult.Robot(CheckRuns.completed(tally), false, null,
                        "the same reaction to the five premaster secrets in both flows (" + standard.get(0) + "; "
                                + shortened.get(0) + (shortened.get(0).equals("silence") ? " for " + window + " ms" : "")
                                + ")"));
            });
        });
    }

    private static CheckResult judge(List<String> first, List<String> again, String flow, Tally tally) {
        if (again.stream().anyMatch(r -> r.startsWith("error"))) {
            return error(again, tally);
        }
        if (!first.equals(again)) {
            return new CheckResult.Robot(CheckRuns.error("inconsistent reactions when asked twice: " + first + " then "
                    + again + " (a load balancer in front of several servers?)", tally), null, null, null);
        }
        String strength = Oracle.strength(first);
        return new CheckResult.Robot(CheckRuns.completed(tally), true, strength, strength + " oracle, " + flow
                + " message flow: " + describe(first));
    }

    private static CheckResult error(List<String> reactions, Tally tally) {
        String first = reactions.stream().filter(r -> r.startsWith("error")).findFirst().orElse("error");
        return new CheckResult.Robot(CheckRuns.error(first.substring(Math.min(first.length(), 7)), tally), null, null,
                null);
    }

    private static String describe(List<String> reactions) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < reactions.size(); i++) {
            out.add(CASES.get(i) + ": " + reactions.get(i));
        }
        return String.join(", ", out);
    }

    /**
     * How long the shortened flow waits for a reaction: {@link #WINDOW_MARGIN} times the slowest reaction of the
     * standard flow ({@code slowestNanos}, the whole window when one was silence), within {@link #SHORTEST_WINDOW_MILLIS}
     * and {@link #REACTION_WINDOW_MILLIS}.
     */
    static long shortenedWindow(long slowestNanos) {
        long margin = Math.max(0, slowestNanos) / 1_000_000 * WINDOW_MARGIN;
        return Math.max(SHORTEST_WINDOW_MILLIS, Math.min(REACTION_WINDOW_MILLIS, margin));
    }

    /** The reactions of one flow's five connections in case order, and how long the slowest took to come. */
    record Round(List<String> reactions, long slowestNanos) {
    }

    /** The five connections of one flow, concurrently, each waiting up to {@code windowMillis} for a reaction. */
    private static CompletableFuture<Round> round(ProbeContext ctx, ClientHelloSpec hello, ProtocolVersion v,
            boolean finished, long windowMillis, Tally tally) {
        List<CompletableFuture<Exchange<Reaction>>> each = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            int index = i;
            each.add(ctx.converse(() -> new KeyExchangeDialogue(hello, v, index, finished, windowMillis), tally));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
            long slowest = 0;
            List<String> reactions = new ArrayList<>();
            for (CompletableFuture<Exchange<Reaction>> f : each) {
                Exchange<Reaction> e = f.join();
                reactions.add(reaction(e));
                Reaction r = e.response();
                slowest = Math.max(slowest, r == null || r.reactedNanos() < 0
                        ? TimeUnit.MILLISECONDS.toNanos(windowMillis) : r.reactedNanos());
            }
            return new Round(List.copyOf(reactions), slowest);
        });
    }

    /** A connection's reaction as a comparable word. */
    static String reaction(Exchange<Reaction> e) {
        Reaction r = e.response();
        if (r == null || !r.sent()) {
            return "error: " + (r != null && r.problem() != null ? r.problem() : "no flight to answer (" + e.detail()
                    + ")");
        }
        if (r.first() != null) {
            return r.first().type() == 21 ? "alert " + r.first().alert() : "record " + r.first().type();
        }
        return r.quiet() ? "silence" : e.outcome().name().toLowerCase(Locale.ROOT);
    }

    /** The pure judgement of the reactions. */
    static final class Oracle {

        private Oracle() {
        }

        static boolean allSame(List<String> reactions) {
            return reactions.stream().distinct().count() == 1;
        }

        /**
         * Weak when the malformed cases 1 to 3 (wrong first bytes, misplaced or missing separator) all get the same
         * reaction: only a correctly formatted block with a correctly placed 0x00 is told apart (robot-detect).
         */
        static String strength(List<String> reactions) {
            return reactions.get(1).equals(reactions.get(2)) && reactions.get(2).equals(reactions.get(3))
                    ? "weak" : "strong";
        }
    }

    /**
     * The premaster-secret block of case {@code index} (0 well-formed, 1 wrong first bytes, 2 separator misplaced,
     * 3 no separator, 4 wrong version) for a modulus of {@code k} bytes; {@code clientVersion} is the hello's.
     */
    static byte[] block(int index, int k, int clientVersion) {
        byte[] b = new byte[k];
        int padEnd = k - 49; // 2 type bytes, padding, separator, 2 version bytes, 46 random bytes
        for (int i = 2; i < padEnd; i++) {
            b[i] = (byte) (i % 2 == 0 ? 0xAB : 0xCD);
        }
        byte[] secret = new byte[46];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (0x11 * (i % 15 + 1));
        }
        b[0] = 0x00;
        b[1] = 0x02;
        switch (index) {
            case 0, 1, 4 -> {
                b[padEnd] = 0x00;
                b[padEnd + 1] = (byte) (index == 4 ? 0x02 : clientVersion >>> 8);
                b[padEnd + 2] = (byte) (index == 4 ? 0x02 : clientVersion);
                System.arraycopy(secret, 0, b, padEnd + 3, 46);
                if (index == 1) {
                    b[0] = 0x41;
                    b[1] = 0x17;
                }
            }
            case 2 -> {
                b[padEnd] = 0x11;
                System.arraycopy(secret, 0, b, padEnd + 1, 46);
                b[k - 2] = 0x00;
                b[k - 1] = 0x11;
            }
            case 3 -> {
                b[padEnd] = 0x11;
                b[padEnd + 1] = 0x11;
                b[padEnd + 2] = 0x11;
                System.arraycopy(secret, 0, b, padEnd + 3, 46);
            }
            default -> throw new IllegalArgumentException("index: " + index + " (expected: 0..4)");
        }
        return b;
    }

    /**
     * What one connection saw: whether the key exchange was sent, the first record after it, or why not.
     *
     * @param sent    whether the ClientKeyExchange went out
     * @param first   the first record the server sent after it, or {@code null}
     * @param quiet   whether the server said nothing for the reaction window
     * @param problem why nothing was sent (no RSA key in the certificate, ...), or {@code null}
     * @param reactedNanos how long after the key exchange went out the server reacted (a record, a close or a reset
     *                     ends the exchange, measured when the result is taken), or -1 when it was silent or nothing
     *                     was sent
     */
    record Reaction(boolean sent, RecordHeaders.Record first, boolean quiet, String problem, long reactedNanos) {
    }

    /** One connection: hello, flight, the crafted ClientKeyExchange (and ChangeCipherSpec and Finished), reaction. */
    static final class KeyExchangeDialogue implements Dialogue<Reaction> {
        private final ClientHelloSpec hello;
        private final ProtocolVersion version;
        private final int index;
        private final boolean finished;
        private final long windowMillis;
        private long sentAt;
        private long reactedNanos = -1;
        private final ServerFlightDecoder decoder =
                new ServerFlightDecoder(ServerFlightDecoder.DEFAULT_MAX_FLIGHT_BYTES, ProbeContext::keyExchangeOf, false);
        private final RecordHeaders after = new RecordHeaders();
        private boolean sent;
        private RecordHeaders.Record first;
        private boolean quiet;
        private String problem;

        KeyExchangeDialogue(ClientHelloSpec hello, ProtocolVersion version, int index, boolean finished,
                long windowMillis) {
            this.hello = hello;
            this.version = version;
            this.index = index;
            this.finished = finished;
            this.windowMillis = windowMillis;
        }

        @Override
        public byte[] opening() {
            return ClientHelloEncoder.encode(hello);
        }

        @Override
        public Step receive(ByteBuf in) {
            if (!sent) {
                if (!decoder.offer(in)) {
                    return Step.WAIT;
                }
                ServerFlight f = decoder.result();
                if (f.serverHello() == null || !f.serverHelloDone() || f.certificate() == null
                        || f.certificate().certificates().isEmpty()) {
                    problem = f.error() != null ? f.error().getMessage()
                            : f.alert() != null ? "the server sent " + f.alert().describe()
                            : "no certificate and ServerHelloDone in the server's flight";
                    return Step.DONE;
                }
                RsaKey key = RsaKey.of(f.certificate().certificates().get(0));
                if (key == null) {
                    problem = "the certificate holds no RSA key";
                    return Step.DONE;
                }
                sent = true;
                int w = f.serverHello().legacyVersion();
                byte[] encrypted = key.raw(block(index, key.length(), hello.legacyVersion()));
                byte[] cke = Bytes.handshake(16, Bytes.concat(new byte[] {(byte) (encrypted.length >>> 8),
                    (byte) encrypted.length}, encrypted));
                byte[] out = Bytes.record(22, w, cke);
                if (finished) {
                    byte[] bogus = new byte[80];
                    for (int i = 0; i < bogus.length; i++) {
                        bogus[i] = (byte) (0x91 + 7 * i);
                    }
                    out = Bytes.concat(out, Bytes.record(20, w, new byte[] {1}), Bytes.record(22, w, bogus));
                }
                sentAt = System.nanoTime();
                return Step.sendThenWait(out, windowMillis);
            }
            List<RecordHeaders.Record> records = after.feed(in);
            if (!records.isEmpty()) {
                first = records.get(0);
                reactedNanos = System.nanoTime() - sentAt;
                return Step.DONE;
            }
            return Step.WAIT;
        }

        @Override
        public Step onQuiet() {
            quiet = true;
            return Step.DONE;
        }

        @Override
        public Reaction result() {
            long reacted = first != null ? reactedNanos : sent && !quiet ? System.nanoTime() - sentAt : -1;
            return new Reaction(sent, first, quiet, problem, reacted);
        }
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** For tests: the RSA key of a certificate, if any. */
    static Optional<RsaKey> key(byte[] der) {
        return Optional.ofNullable(RsaKey.of(der));
    }
}
