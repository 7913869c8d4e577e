package dev.tlsweep.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that delays every byte by a fixed time in each direction, so that a lab
 * endpoint can be scanned as if it were a network away (a round trip costs twice the delay). For
 * benchmarks: how a scanner's sequential round trips add up on a real network, which loopback hides.
 * One thread per direction and connection; every thread is a daemon and ends with its connection.
 */
public final class LatencyProxy implements AutoCloseable {

    private static final byte[] END = new byte[0];

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long delayNanos;

    private LatencyProxy(InetSocketAddress upstream, Duration delay) throws IOException {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.delayNanos = Objects.requireNonNull(delay, "delay").toNanos();
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
        }
        this.listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "latency-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on 127.0.0.1 that forwards to {@code upstream} with {@code delay} each way. */
    public static LatencyProxy start(InetSocketAddress upstream, Duration delay) throws IOException {
        return new LatencyProxy(upstream, delay);
    }

    /** The port to connect to instead of the upstream's. */
    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(upstream, 5_000);
                } catch (IOException e) {
                    client.close();
                    server.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                AtomicInteger finished = new AtomicInteger();
                pipe(client, server, finished);
                pipe(server, client, finished);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads from {@code from} and writes each chunk to {@code to} once it is {@code delay} old. */
    private void pipe(Socket from, Socket to, AtomicInteger finished) {
        BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream(); // not closed here: that would close the socket both ways
                for (int n; (n = in.read(buf)) > 0;) {
                    queue.add(new Object[] {System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)});
                }
            } catch (IOException e) {
                // the connection ended
            }
            queue.add(new Object[] {System.nanoTime() + delayNanos, END});
        });
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Object[] item = queue.take();
                    long wait = (long) item[0] - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    byte[] bytes = (byte[]) item[1];
                    if (bytes == END) {
                        to.shutdownOutput();
                        if (finished.incrementAndGet() == 2) { // both directions are done
                            close(from);
                            close(to);
                        }
                        return;
                    }
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                close(from);
                close(to);
            }
        });
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
