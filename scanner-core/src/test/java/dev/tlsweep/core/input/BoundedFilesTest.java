package dev.tlsweep.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Special and oversized files refused up front, and lines read with a bound: /dev/zero, FIFOs, huge files. */
class BoundedFilesTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void devicesFifosAndDirectoriesAreRefusedBeforeTheyAreOpened() throws Exception {
        assertThatThrownBy(() -> InputFiles.read(Path.of("/dev/zero"), "a PEM file", InputFiles.MAX_PEM_BYTES))
                .isInstanceOf(InputFileException.class)
                .hasMessage("/dev/zero: is a character device, not a regular file (expected: a PEM file)");
        Path fifo = fifo("pipe");
        // Opening a FIFO with no writer would block for ever: it must be refused without being opened.
        assertThatThrownBy(() -> InputFiles.read(fifo, "a PEM file", 1024))
                .hasMessage(fifo + ": is a FIFO, not a regular file (expected: a PEM file)");
        assertThat(InputFiles.isFifo(fifo)).isTrue();
        assertThatThrownBy(() -> InputFiles.read(dir, "a PEM file", 1024)).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> InputFiles.read(dir.resolve("none.pem"), "a PEM file", 1024))
                .hasMessage(dir.resolve("none.pem") + ": no such file");
    }

    @Test
    void aFileAboveTheCapIsRefusedWithItsSize() throws IOException {
        Path big = dir.resolve("big.pem");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), 42L * 1024 * 1024); // sparse: 42 MiB claimed, no disk used
        }
        assertThatThrownBy(() -> InputFiles.read(big, "a PEM file", InputFiles.MAX_PEM_BYTES))
                .hasMessage(big + ": is 42.0 MiB (expected: a PEM file of at most 1 MiB)");
        Path ok = dir.resolve("ok.pem");
        Files.writeString(ok, "x".repeat(1000));
        assertThat(InputFiles.read(ok, "a PEM file", 1000)).hasSize(1000);
    }

    @Test
    void aProcFileThatClaimsNoSizeIsStillReadWithABound() throws IOException {
        Path proc = Path.of("/proc/self/status");
        assumeTrue(Files.isReadable(proc), "no /proc here");
        assertThat(Files.size(proc)).isZero();
        assertThat(InputFiles.read(proc, "a file", 64 * 1024)).isNotEmpty();
        assertThatThrownBy(() -> InputFiles.read(proc, "a file", 10)).hasMessageContaining("is larger than 10 bytes");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void anEndlessLineCostsTheBoundNotTheLine() throws IOException {
        // 64 MiB of one line, then a short one: the first comes back cut, the second whole.
        Reader endless = new Reader() {
            long left = 64L * 1024 * 1024;
            boolean tail;

            @Override
            public int read(char[] buf, int off, int len) {
                if (left > 0) {
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(buf, off, off + n, 'a');
                    left -= n;
                    return n;
                }
                if (!tail) {
                    tail = true;
                    String rest = "\nnext\n";
                    rest.getChars(0, rest.length(), buf, off);
                    return rest.length();
                }
                return -1;
            }

            @Override
            public void close() {
            }
        };
        BoundedLineReader r = new BoundedLineReader(endless, 8192);
        String first = r.readLine();
        assertThat(first).hasSize(8192);
        assertThat(r.cut()).isTrue();
        assertThat(r.length()).isEqualTo(64L * 1024 * 1024);
        assertThat(r.readLine()).isEqualTo("next");
        assertThat(r.cut()).isFalse();
        assertThat(r.readLine()).isNull();
    }

    @Test
    void aReaderThatStopsAtLongLinesReadsNoFurther() throws IOException {
        long[] served = {0};
        Reader endless = new Reader() {
            @Override
            public int read(char[] buf, int off, int len) {
                java.util.Arrays.fill(buf, off, off + len, 'z');
                served[0] += len;
                return len;
            }

            @Override
            public void close() {
            }
        };
        BoundedLineReader r = BoundedLineReader.stoppingAtLongLines(endless, 10_000);
        assertThat(r.readLine()).hasSize(10_000);
        assertThat(r.cut()).isTrue();
        assertThat(served[0]).isLessThan(20_000);
    }

    @Test
    void linesEndAsBufferedReaderEndsThem() throws IOException {
        String text = "a\r\nb\rc\n\nd\r\n";
        for (int buffer : new int[] {1, 2, 3, 8192}) {
            BoundedLineReader r = new BoundedLineReader(new StringReader(text), 100, buffer);
            List<String> lines = new ArrayList<>();
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
            assertThat(lines).as("buffer " + buffer).containsExactly("a", "b", "c", "", "d");
        }
        BoundedLineReader r = new BoundedLineReader(new StringReader("no newline"), 100);
        assertThat(r.readLine()).isEqualTo("no newline");
        assertThat(r.readLine()).isNull();
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not installed");
        return p;
    }
}
