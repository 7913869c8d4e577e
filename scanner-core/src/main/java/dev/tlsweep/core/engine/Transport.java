package dev.tlsweep.core.engine;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.function.Function;

/** The I/O transport the engine runs on: native epoll when available and wanted, NIO otherwise. */
record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends SocketChannel> socketChannel,
        Class<? extends DatagramChannel> datagramChannel,
        Function<InetSocketAddress, SocketChannel> socketChannels) {

    static Transport select(boolean preferNative) {
        if (preferNative && Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class,
                    EpollDatagramChannel.class, Transport::epollSocket);
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class,
                NioDatagramChannel.class, to -> new NioSocketChannel());
    }

    /**
     * An epoll socket of the address's family: Netty's default is an IPv6 socket for every address (IPv4 ones
     * mapped), which costs one more system call per connection ({@code IPV6_V6ONLY}) for the same connection.
     */
    private static SocketChannel epollSocket(InetSocketAddress to) {
        if (to.getAddress() instanceof Inet4Address) {
            return new EpollSocketChannel(SocketProtocolFamily.INET);
        }
        return new EpollSocketChannel();
    }

    /**
     * A new, unregistered TCP channel for a connection to {@code to} (its socket is made now: this is where
     * descriptors run out).
     */
    SocketChannel newSocketChannel(InetSocketAddress to) {
        return socketChannels.apply(to);
    }
}
