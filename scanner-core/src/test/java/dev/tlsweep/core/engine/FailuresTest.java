package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void mapsJdkExceptions() {
        assertThat(Failures.classify(new ConnectTimeoutException("connection timed out"), false))
                .isEqualTo(Outcome.CONNECT_TIMEOUT);
        assertThat(Failures.classify(new ConnectException("Connection refused"), false))
                .isEqualTo(Outcome.REFUSED);
        assertThat(Failures.classify(new NoRouteToHostException("No route to host"), false))
                .isEqualTo(Outcome.UNREACHABLE);
        assertThat(Failures.classify(new ConnectException("Network is unreachable"), false))
                .isEqualTo(Outcome.UNREACHABLE);
        assertThat(Failures.classify(new SocketException("Connection reset"), true))
                .isEqualTo(Outcome.RESET);
        assertThat(Failures.classify(new IOException("Connection reset by peer"), true))
                .isEqualTo(Outcome.RESET);
        assertThat(Failures.classify(new IOException("Broken pipe"), true))
                .isEqualTo(Outcome.RESET);
        // Accepted, then reset before the connect finished (a front shedding load): a reset, not a refusal.
        assertThat(Failures.classify(new ConnectException(
                "finishConnect(..) failed with error(-104): Connection reset by peer"), false))
                .isEqualTo(Outcome.RESET);
        assertThat(Failures.classify(new ClosedChannelException(), true)).isEqualTo(Outcome.ERROR);
        assertThat(Failures.classify(new IllegalStateException("bug"), true))
                .isEqualTo(Outcome.ERROR);
    }

    @Test
    void mapsNativeErrnos() {
        // The errno constants come from the native library, which loading epoll makes available.
        assumeTrue(Epoll.isAvailable(), "native epoll transport unavailable");
        assertThat(Failures.classify(
                new Errors.NativeIoException("read", Errors.ERRNO_ECONNRESET_NEGATIVE), true))
                .isEqualTo(Outcome.RESET);
        assertThat(Failures.classify(
                new Errors.NativeIoException("write", Errors.ERRNO_EPIPE_NEGATIVE), true))
                .isEqualTo(Outcome.RESET);
        assertThat(Failures.classify(
                new Errors.NativeIoException("connect", Errors.ERROR_EHOSTUNREACH_NEGATIVE), false))
                .isEqualTo(Outcome.UNREACHABLE);
        assertThat(Failures.classify(
                new Errors.NativeIoException("connect", Errors.ERROR_ECONNREFUSED_NEGATIVE), false))
                .isEqualTo(Outcome.REFUSED);
    }

    @Test
    void looksThroughWrappers() {
        assertThat(Failures.classify(
                new RuntimeException("wrapped", new SocketException("Connection reset")), true))
                .isEqualTo(Outcome.RESET);
    }

    @Test
    void describesWithTypeAndMessage() {
        assertThat(Failures.describe(new ConnectException("Connection refused")))
                .isEqualTo("ConnectException: Connection refused");
        assertThat(Failures.describe(new ClosedChannelException()))
                .isEqualTo("java.nio.channels.ClosedChannelException");
    }
}
