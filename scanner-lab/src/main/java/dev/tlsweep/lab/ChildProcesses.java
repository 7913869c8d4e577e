package dev.tlsweep.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
