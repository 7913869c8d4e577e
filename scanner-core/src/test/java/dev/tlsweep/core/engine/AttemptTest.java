package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** One connection's handler driven through an {@link EmbeddedChannel}: no sockets, virtual time. */
class AttemptTest {

    private static final long READ_TIMEOUT = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long CAP = TimeUnit.MILLISECONDS.toNanos(900);

    /** Records how attempts end. */
    static final class Ends implements Attempt.Listener {
        final List<String> ends = new ArrayList<>();
        final List<Object> responses = new ArrayList<>();

        @Override
        public <T> void attemptEnded(Job<T> job, Outcome outcome, T response, String detail,
                long received) {
            ends.add(outcome + " " + received);
            responses.add(response);
        }

        @Override
        public boolean closing() {
            return false;
        }
    }

    /** Consumes only whole units of {@code unit} bytes and is done after {@code units} of them. */
    static final class UnitDecoder implements ResponseDecoder<byte[]> {
        private final int unit;
        private final int units;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private int results;

        UnitDecoder(int unit, int units) {
            this.unit = unit;
            this.units = units;
        }

        @Override
        public boolean offer(ByteBuf in) {
            while (in.readableBytes() >= unit && seen.size() < unit * units) {
                byte[] b = new byte[unit];
                in.readBytes(b);
                seen.writeBytes(b);
            }
            return seen.size() == unit * units;
        }

        @Override
        public byte[] result() {
            assertThat(++results).isEqualTo(1);
            return seen.toByteArray();
        }
    }

    private static Job<byte[]> job(int unit, int units) {
        return new Job<>(new InetSocketAddress(InetAddress.getLoopbackAddress(), 443),
                "hi".getBytes(StandardCharsets.US_ASCII), () -> new UnitDecoder(unit, units), 0);
    }

    private static EmbeddedChannel connect(Attempt<?> attempt) {
        EmbeddedChannel channel = new EmbeddedChannel(attempt); // active: the request is written
        channel.freezeTime(); // from here on, time moves only by advanceTimeBy
        return channel;
    }

    /** However the response is split, the decoder sees every byte once and in order. */
    @Property(tries = 200)
    void decoderSeesTheStreamWhateverTheSplits(
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 17) Integer> chunks,
            @ForAll @IntRange(min = 1, max = 7) int unit) {
        int total = chunks.stream().mapToInt(Integer::intValue).sum();
        byte[] stream = new byte[total];
        for (int i = 0; i < total; i++) {
            stream[i] = (byte) (i * 31 + 7);
        }
        int units = total / unit;
        Ends ends = new Ends();
        Job<byte[]> job = job(unit, Math.max(units, 1));
        EmbeddedChannel channel = connect(new Attempt<>(job, ends, READ_TIMEOUT, CAP, 1 << 20));

        assertThat((ByteBuf) channel.readOutbound())
                .satisfies(b -> assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("hi"));
        int offset = 0;
        for (int chunk : chunks) {
            if (!channel.isOpen()) {
                break;
            }
            // A copy: the engine owns what it reads and may compact it in place.
            channel.writeInbound(Unpooled.copiedBuffer(stream, offset, chunk));
            offset += chunk;
        }
        channel.finishAndReleaseAll();

        byte[] expected = java.util.Arrays.copyOf(stream, units * unit);
        if (units >= 1) {
            // Done within the chunk that completes the last unit; later chunks are never read.
            int received = 0;
            for (int chunk : chunks) {
                if (received >= units * unit) {
                    break;
                }
                received += chunk;
            }
            assertThat(ends.ends).containsExactly(Outcome.COMPLETED + " " + received);
            assertThat((byte[]) ends.responses.get(0)).isEqualTo(expected);
        } else {
            // Fewer bytes than one unit: the decoder never finishes, the channel closes under it.
            assertThat(ends.ends).hasSize(1);
            assertThat((byte[]) ends.responses.get(0)).isEmpty();
        }
    }

    @Test
    void silenceIsAReadTimeoutOnceTheReadTimeoutHasPassed() {
        Ends ends = new Ends();
        EmbeddedChannel channel = connect(new Attempt<>(job(1, 10), ends, READ_TIMEOUT, CAP, 1 << 20));
        channel.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        channel.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(ends.ends).isEmpty(); // a byte 200ms ago is progress

        channel.advanceTimeBy(150, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(ends.ends).containsExactly(Outcome.READ_TIMEOUT + " 1");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aDripIsCutAtTheCap() {
        Ends ends = new Ends();
        EmbeddedChannel channel = connect(new Attempt<>(job(1, 100), ends, READ_TIMEOUT, CAP, 1 << 20));
        // A byte every 100ms: never 300ms without progress, but more than 900ms in all.
        for (int i = 0; i < 8; i++) {
            channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        }
        assertThat(ends.ends).isEmpty();

        channel.advanceTimeBy(150, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(ends.ends).containsExactly(Outcome.READ_TIMEOUT + " 8");
    }

    @Test
    void peerCloseIsClosedAndEndsOnce() {
        Ends ends = new Ends();
        EmbeddedChannel channel = connect(new Attempt<>(job(4, 10), ends, READ_TIMEOUT, CAP, 1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5}));
        channel.close();
        channel.pipeline().fireExceptionCaught(new java.io.IOException("Connection reset by peer"));

        assertThat(ends.ends).containsExactly(Outcome.CLOSED + " 5");
        assertThat((byte[]) ends.responses.get(0)).containsExactly(1, 2, 3, 4);
    }
}
