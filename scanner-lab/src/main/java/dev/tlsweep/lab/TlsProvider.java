package dev.tlsweep.lab;

/** The TLS implementation behind a {@link LabServer}. */
public enum TlsProvider {
    /** BoringSSL through netty-tcnative (Netty's OpenSSL engine). */
    BORINGSSL,
    /** The JDK's SunJSSE engine; follows the JVM's {@code jdk.tls.disabledAlgorithms}. */
    JDK
}
