package dev.tlsweep.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The proxy forwards every byte both ways, and a close on one side reaches the other. */
class LatencyProxyTest {

    @Test
    void forwardsBothWaysAndPassesTheClose() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream()); // echo until the client closes
                } catch (Exception e) {
                    // the test ends
                }
            });
            server.setDaemon(true);
            server.start();
            try (LatencyProxy proxy = LatencyProxy.start((InetSocketAddress) echo.getLocalSocketAddress(),
                    Duration.ofMillis(5));
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                client.setSoTimeout(10_000);
                byte[] sent = new byte[100_000];
                for (int i = 0; i < sent.length; i++) {
                    sent[i] = (byte) (i * 31);
                }
                OutputStream out = client.getOutputStream();
                out.write(sent);
                out.flush();
                client.shutdownOutput();
                InputStream in = client.getInputStream();
                byte[] back = in.readAllBytes(); // ends when the echo's close comes back through the proxy
                assertThat(back).isEqualTo(sent);
            }
        }
    }
}
