package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The sockets the engine makes, for either family, send without delay (Nagle's algorithm off from the start). */
class TransportTest {

    @Test
    void socketsOfEitherFamilySendWithoutDelay() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 443);
        InetSocketAddress v6 = new InetSocketAddress("::1", 443);
        for (boolean preferNative : new boolean[] {true, false}) {
            Transport t = Transport.select(preferNative);
            assertThat(t.name()).isEqualTo(preferNative && Epoll.isAvailable() ? "epoll" : "nio");
            for (InetSocketAddress to : new InetSocketAddress[] {v4, v6}) {
                SocketChannel c = t.newSocketChannel(to);
                try {
                    // the engine no longer sets it: Netty's socket channels do, when they are made
                    assertThat(c.config().getOption(ChannelOption.TCP_NODELAY)).as(t.name() + " " + to).isTrue();
                    assertThat(c.isOpen()).isTrue();
                } finally {
                    c.unsafe().closeForcibly();
                }
            }
        }
    }
}
