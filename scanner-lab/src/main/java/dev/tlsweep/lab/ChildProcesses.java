package dev.tlsweep.lab;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What every lab server that runs an outside program does with it: read its output, stop it, remove its files. */
final class ChildProcesses {

    /** What {@link #drain} keeps of a program's output. */
    static final int OUTPUT_LIMIT = 64 * 1024;

    private ChildProcesses() {
    }

    /**
     * Whether {@code command} is installed: it starts and ends within 5 seconds, with exit code 0 when
     * {@code zeroExit} (some programs' {@code --help} ends with another code).
     */
    static boolean runs(boolean zeroExit, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return !zeroExit || p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends {@code process}: politely, then after 3 seconds by force. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts {@code command} with no input and its two outputs merged, read by a daemon thread named {@code name} into
     * {@code output} ({@link #drain}).
     */
    static Process spawn(List<String> command, StringBuilder output, String name) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Thread drainer = new Thread(() -> drain(process, output), name);
        drainer.setDaemon(true);
        drainer.start();
        return process;
    }

    /** Reads the program's output until it ends, keeping the first {@link #OUTPUT_LIMIT} characters in {@code output}. */
    static void drain(Process process, StringBuilder output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    if (output.length() < OUTPUT_LIMIT) {
                        output.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** A TCP port of 127.0.0.1 free now, for a program to listen on (another process may take it first). */
    static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    /** A UDP port of 127.0.0.1 free now (another process may take it first). */
    static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback UDP port", e);
        }
    }

    /** Removes a temporary directory and what is in it, as far as it can: what is left behind is harmless. */
    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a daemon's leftover socket; the system cleans its temporary directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
