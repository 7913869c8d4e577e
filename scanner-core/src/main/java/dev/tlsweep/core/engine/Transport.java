package dev.tlsweep.core.engine;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.function.Supplier;

/** The I/O transport the engine runs on: native epoll when available and wanted, NIO otherwise. */
record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends SocketChannel> socketChannel,
        Class<? extends DatagramChannel> datagramChannel,
        Supplier<SocketChannel> socketChannels) {

    static Transport select(boolean preferNative) {
        if (preferNative && Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class,
                    EpollDatagramChannel.class, EpollSocketChannel::new);
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class,
                NioDatagramChannel.class, NioSocketChannel::new);
    }

    /** A new, unregistered TCP channel (its socket is made now: this is where descriptors run out). */
    SocketChannel newSocketChannel() {
        return socketChannels.get();
    }
}
