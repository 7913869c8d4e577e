package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection to a free ephemeral port of this host can be given that same port as its local one, and TCP's
 * simultaneous open then connects the socket to itself: the hello comes back as the "answer". The attempt
 * says that nothing listens there. The self-connect is forced here by binding the local end to the port
 * connected to, which the kernel otherwise does by chance.
 */
class SelfConnectTest {

    @Test
    void aConnectionThatReachedItselfIsARefusalNotAnAnswer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        InetSocketAddress self = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Job<Integer> job = new Job<>(self, new byte[] {22, 3, 1, 0, 1, 1}, () -> new CountingDecoder(1), 0);
            job.attempts = 1;
            AttemptTest.Ends ends = new AttemptTest.Ends();
            Attempt<Integer> attempt = new Attempt<>(job, ends, TimeUnit.SECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(6),
                    1 << 20);
            ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(attempt)
                    .connect(self, self);
            group.next().submit(() -> attempt.connecting(connect)).get(5, TimeUnit.SECONDS);
            connect.awaitUninterruptibly(5, TimeUnit.SECONDS);
            assertThat(connect.isSuccess()).as("the socket connected to itself").isTrue();
            assertThat(Attempt.selfConnected(connect.channel())).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ends.ends.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ends.ends).containsExactly("REFUSED 0");
            connect.channel().closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            assertThat(connect.channel().isOpen()).isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
