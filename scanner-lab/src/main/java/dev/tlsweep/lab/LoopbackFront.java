package dev.tlsweep.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a loopback front before a real server shares with every other ({@link HostileFront}, {@link PreambleFront}):
 * a listener on an ephemeral port of 127.0.0.1, an upstream that must be on loopback, the sockets and threads it
 * started, each tracked so that {@link #close()} closes every connection and waits for every thread. A subclass
 * starts its acceptor with {@link #startAccepting()} once constructed.
 */
abstract class LoopbackFront implements AutoCloseable {

    /** How long a front waits for its upstream to accept a connection. */
    static final int UPSTREAM_CONNECT_MILLIS = 5_000;
    /** How long {@link #close()} waits for its threads in all. */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    final InetSocketAddress upstream;
    final ServerSocket listener;
    /** Guards the sockets, threads and closed state here, and what a subclass keeps beside them. */
    final Object lock = new Object();
    private final String name;
    private final AtomicInteger threadNumber = new AtomicInteger();
    // guarded by lock
    private boolean closed;
    private final Set<Socket> sockets = new HashSet<>();
    private final Set<Thread> threads = new HashSet<>();

    LoopbackFront(String name, InetSocketAddress upstream, int backlog) throws IOException {
        this.name = name;
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        if (upstream.getAddress() == null || !upstream.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("upstream: " + upstream + " (expected: a loopback address)");
        }
        this.listener = new ServerSocket(0, backlog, InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}));
    }

    /** Starts the thread that accepts connections: {@link #accept()}. */
    final void startAccepting() {
        spawn("accept", this::accept);
    }

    /** Accepts connections until the listener is closed. */
    abstract void accept();

    /** The port to connect to instead of the upstream's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The address to connect to instead of the upstream's. */
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /**
     * Stops accepting, closes every connection (held ones included) and waits a few seconds at most for every thread
     * of the front to end. Idempotent.
     */
    @Override
    public void close() {
        List<Socket> open;
        List<Thread> running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(sockets);
            sockets.clear();
        }
        closeQuietly(listener);
        open.forEach(LoopbackFront::closeQuietly);
        synchronized (lock) {
            running = new ArrayList<>(threads); // no thread starts once closed is set
        }
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        try {
            for (Thread thread : running) {
                TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers a socket so that {@link #close()} closes it; false, with the socket closed, once the front is closed. */
    final boolean track(Socket socket) {
        synchronized (lock) {
            if (!closed) {
                sockets.add(socket);
                return true;
            }
        }
        closeQuietly(socket);
        return false;
    }

    /** Closes a socket and forgets it. */
    final void release(Socket socket) {
        closeQuietly(socket);
        synchronized (lock) {
            sockets.remove(socket);
        }
    }

    /** Starts a daemon thread that {@link #close()} waits for; false once the front is closed. */
    final boolean spawn(String role, Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } finally {
                synchronized (lock) {
                    threads.remove(Thread.currentThread());
                }
            }
        }, name + '-' + listener.getLocalPort() + '-' + role + '-' + threadNumber.incrementAndGet());
        thread.setDaemon(true);
        synchronized (lock) {
            if (closed) {
                return false;
            }
            threads.add(thread);
            thread.start(); // under the lock: close() never sees a thread that has yet to start
        }
        return true;
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
