package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --fix-chain}: one folder per name served (two SNI names on one address once overwrote each other
 * under {@code <ip>_<port>}), never one chain over another in a run, a reason for every endpoint it cannot fix,
 * and a failure to write is an error (exit 3), not a silent 0.
 */
class FixChainSweepTest {

    @TempDir
    Path dir;

    static TestPki pki;
    static CannedResponder leafOnly;
    static CannedResponder selfSigned;
    static int closed;
    static Path root;
    static Path intermediates;

    @BeforeAll
    static void start(@TempDir Path keys) throws Exception {
        pki = TestPki.create();
        IssuedCertificate leaf = pki.leaf("a.example.test", "b.example.test").issue();
        leafOnly = CannedResponder.builder().version(0x0303, 0xC02F).certificateChain(
                List.of(leaf.certificate().getEncoded())).start();
        selfSigned = CannedResponder.builder().version(0x0303, 0xC02F).start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path site = leaf.writeTo(keys.resolve("site"));
        root = site.resolve("root.pem");
        intermediates = site.resolve("chain.pem");
    }

    @AfterAll
    static void stop() {
        leafOnly.close();
        selfSigned.close();
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private Result sweep(Path fix, String... targets) throws Exception {
        Path inventory = Files.write(dir.resolve("inventory.txt"), List.of(targets));
        return run("scan", "--no-progress", "--json", "--protocols", "tls1.2", "--timeout", "3", "--ca-file",
                root.toString(), "--intermediates", intermediates.toString(), "-i", inventory.toString(),
                "--fix-chain", fix.toString());
    }

    @Test
    void twoNamesOnOneAddressGetAFolderEachAndEveryUnfixedEndpointIsSaid() throws Exception {
        Path fix = dir.resolve("fixed");
        int port = leafOnly.port();
        String a = "127.0.0.1:" + port + " sni=a.example.test";
        String b = "127.0.0.1:" + port + " sni=B.Example.Test";
        Result r = sweep(fix, a, b, a, "127.0.0.1:" + selfSigned.port(), "127.0.0.1:" + closed);
        try (Stream<Path> s = Files.list(fix)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "a.example.test_" + port + "_rsa", "a.example.test_" + port + "_rsa_2",
                    "b.example.test_" + port + "_rsa");
        }
        String fullchain = Files.readString(fix.resolve("b.example.test_" + port + "_rsa").resolve("fullchain.pem"));
        assertThat(fullchain.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3); // leaf and intermediate
        assertThat(r.err()).contains("tlsweep: wrote " + fix.resolve("a.example.test_" + port + "_rsa")
                .resolve("fullchain.pem") + " for '" + a + "'");
        assertThat(r.err()).contains("tlsweep: --fix-chain: nothing written for '127.0.0.1:" + selfSigned.port()
                + "' (rsa): no path to a trusted root could be built (OpenSSL: ");
        assertThat(r.err()).contains("tlsweep: --fix-chain: nothing written for '127.0.0.1:" + closed
                + "': not scanned (refused)");
        assertThat(r.code()).isEqualTo(Main.UNSCANNED);
    }

    @Test
    void aChainThatCannotBeWrittenIsSaidAndTheRunExitsThree() throws Exception {
        Path fix = Files.createDirectories(dir.resolve("blocked"));
        int port = leafOnly.port();
        Files.writeString(fix.resolve("a.example.test_" + port + "_rsa"), "a file where the folder would go");
        Result r = sweep(fix, "127.0.0.1:" + port + " sni=a.example.test", "127.0.0.1:" + port + " sni=b.example.test");
        assertThat(r.code()).isEqualTo(Main.INTERNAL);
        assertThat(r.err()).contains("tlsweep: cannot write the fixed chain of '127.0.0.1:" + port
                + " sni=a.example.test' under " + fix).contains("tlsweep: wrote " + fix.resolve("b.example.test_"
                + port + "_rsa").resolve("fullchain.pem")).contains("tlsweep: --fix-chain " + fix
                + ": 1 fixed chain could not be written (first: " + fix.resolve("a.example.test_" + port + "_rsa")
                + ": a file of that name is in the way)");
        assertThat(r.out().lines()).hasSize(2); // every report was written all the same
    }
}
