package dev.tlsweep.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback echo server for the fronts' tests: each connection gets back what it sends. */
final class EchoUpstream implements AutoCloseable {

    private final ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();

    EchoUpstream() throws IOException {
        listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "echo-upstream-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** How many connections reached the echo. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (true) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            synchronized (sockets) {
                sockets.add(socket);
            }
            Thread echo = new Thread(() -> {
                try (socket) {
                    socket.getInputStream().transferTo(socket.getOutputStream()); // until the peer's end
                } catch (IOException e) {
                    // reset or closed
                }
            }, "echo-upstream-connection");
            echo.setDaemon(true);
            echo.start();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
