package dev.tlsweep.core.engine;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;


/**
 * One call to {@link ScanEngine#exchange}, {@link ScanEngine#session} or {@link ScanEngine#datagram}: its inputs, its future and its attempt count.
 *
 * <p>{@link #attempts} and {@link #retryTimer} are written on the scheduler's event loop; an
 * attempt reads {@code attempts} on its connection's loop after the hand-off that started it.
 */
final class Job<T> {
    final InetSocketAddress address;
    final byte[] request;
    /** Creates a decoder per attempt; null for a session exchange. */
    final Supplier<? extends ResponseDecoder<T>> decoders;
    /** Creates a session per attempt; null for a byte exchange. */
    final Supplier<? extends ChannelSession<T>> sessions;
    /** Creates a datagram dialog per attempt; null for a TCP exchange or session. */
    final Supplier<? extends DatagramDialog<T>> dialogs;
    /** How a datagram exchange retransmits; null for TCP. */
    final Retransmission retransmission;
    final long startNanos;
    /** The plaintext preamble replayed on every attempt before the request or session; null for none. */
    final Upgrade upgrade;
    final CompletableFuture<Exchange<T>> future = new CompletableFuture<>();
    volatile int attempts;
    /** The last attempt's result while a retry is pending; null before the first attempt ends. */
    volatile Exchange<T> last;
    /** Whether an earlier attempt ended with no byte received: an answer now means a limiter in front. */
    volatile boolean unansweredBefore;
    /** Times a connection could not be opened for want of a file descriptor; scheduler loop only. */
    int descriptorFailures;
    ScheduledFuture<?> retryTimer;

    Job(InetSocketAddress address, byte[] request, Supplier<? extends ResponseDecoder<T>> decoders,
            long startNanos) {
        this(address, request, decoders, null, null, startNanos);
    }

    Job(InetSocketAddress address, byte[] request, Supplier<? extends ResponseDecoder<T>> decoders,
            Supplier<? extends ChannelSession<T>> sessions, Upgrade upgrade, long startNanos) {
        this(address, request, decoders, sessions, upgrade, null, null, startNanos);
    }

    /** A datagram job: its dialogs and retransmissions. */
    Job(InetSocketAddress address, Supplier<? extends DatagramDialog<T>> dialogs, Retransmission retransmission,
            long startNanos) {
        this(address, new byte[0], null, null, null, dialogs, retransmission, startNanos);
    }

    private Job(InetSocketAddress address, byte[] request, Supplier<? extends ResponseDecoder<T>> decoders,
            Supplier<? extends ChannelSession<T>> sessions, Upgrade upgrade,
            Supplier<? extends DatagramDialog<T>> dialogs, Retransmission retransmission, long startNanos) {
        this.address = address;
        this.upgrade = upgrade;
        this.request = request;
        this.decoders = decoders;
        this.sessions = sessions;
        this.dialogs = dialogs;
        this.retransmission = retransmission;
        this.startNanos = startNanos;
    }
}
