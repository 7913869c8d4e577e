package dev.tlsweep.core.wire;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Small builders for hand-written server flights. */
public final class Flights {

    private Flights() {
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] u8(int v) {
        return new byte[] {(byte) v};
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    static byte[] u24(int v) {
        return new byte[] {(byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] vec8(byte[] data) {
        return concat(u8(data.length), data);
    }

    static byte[] vec16(byte[] data) {
        return concat(u16(data.length), data);
    }

    static byte[] vec24(byte[] data) {
        return concat(u24(data.length), data);
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] record(int type, int version, byte[] payload) {
        return concat(u8(type), u16(version), vec16(payload));
    }

    static byte[] handshakeRecord(byte[]... messages) {
        return record(22, 0x0303, concat(messages));
    }

    static byte[] handshake(int type, byte[] body) {
        return concat(u8(type), vec24(body));
    }

    static byte[] extension(int type, byte[] data) {
        return concat(u16(type), vec16(data));
    }

    static byte[] serverHello(int version, byte[] random, int suite, byte[]... extensions) {
        byte[] body = concat(u16(version), random, vec8(filled(32, 0x55)), u16(suite), u8(0));
        if (extensions.length > 0) {
            body = concat(body, vec16(concat(extensions)));
        }
        return handshake(2, body);
    }

    static byte[] serverHello12(int suite) {
        return serverHello(0x0303, filled(32, 0x11), suite, extension(0xFF01, u8(0)), extension(23, new byte[0]));
    }

    static byte[] serverHello13(int suite) {
        return serverHello(0x0303, filled(32, 0x22), suite, extension(43, u16(0x0304)),
                extension(51, concat(u16(0x001D), vec16(filled(32, 0x33)))));
    }

    static byte[] helloRetryRequest(int suite, int group) {
        return serverHello(0x0303, Tls.hrrRandom(), suite, extension(43, u16(0x0304)), extension(51, u16(group)));
    }

    static byte[] certificate(List<byte[]> ders) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (byte[] d : ders) {
            list.writeBytes(vec24(d));
        }
        return handshake(11, vec24(list.toByteArray()));
    }

    static byte[] ecdheSke(int group, int pointLength) {
        return handshake(12, concat(u8(3), u16(group), vec8(filled(pointLength, 4)), u16(0x0401),
                vec16(filled(256, 0x5A))));
    }

    static byte[] dheSke(int primeBytes) {
        byte[] p = filled(primeBytes, 0xFF);
        return handshake(12, concat(vec16(p), vec16(u8(2)), vec16(filled(primeBytes, 0x42)), u16(0x0401),
                vec16(filled(256, 0x5A))));
    }

    static byte[] serverHelloDone() {
        return handshake(14, new byte[0]);
    }

    static byte[] alert(int level, int description) {
        return record(21, 0x0303, new byte[] {(byte) level, (byte) description});
    }

    static byte[] fakeDer(int n, int marker) {
        byte[] d = filled(n, marker);
        d[0] = 0x30;
        return d;
    }

    /** A typical TLS 1.2 ECDHE_RSA flight: SH, Certificate (leaf, intermediate), SKE, SHD. */
    static byte[] tls12Flight() {
        return concat(
                handshakeRecord(serverHello12(0xC02F)),
                handshakeRecord(certificate(List.of(fakeDer(700, 0xA1), fakeDer(600, 0xB2))),
                        ecdheSke(0x0017, 65), serverHelloDone()));
    }

    /** A TLS 1.3 flight: SH, CCS, then an encrypted record. */
    static byte[] tls13Flight() {
        return concat(
                handshakeRecord(serverHello13(0x1301)),
                record(20, 0x0303, u8(1)),
                record(23, 0x0303, filled(100, 0x77)));
    }

    /** Feeds bytes in the given chunk sizes (the last chunk takes the rest) and returns the decoder. */
    static ServerFlightDecoder feed(byte[] bytes, int[] chunkSizes) {
        ServerFlightDecoder d = new ServerFlightDecoder();
        int pos = 0;
        int i = 0;
        while (pos < bytes.length) {
            int n = i < chunkSizes.length ? Math.min(Math.max(chunkSizes[i], 1), bytes.length - pos) : bytes.length - pos;
            d.offer(io.netty.buffer.Unpooled.wrappedBuffer(bytes, pos, n));
            pos += n;
            i++;
        }
        return d;
    }

    /** Runs a check against the flight decoded whole, byte by byte and at several random splits. */
    static void everySplit(byte[] bytes, java.util.function.Consumer<ServerFlight> check) {
        List<ServerFlightDecoder> decoders = new java.util.ArrayList<>();
        decoders.add(feedWhole(bytes));
        decoders.add(feedBytewise(bytes));
        for (long seed = 0; seed < 20; seed++) {
            decoders.add(feedRandom(bytes, seed));
        }
        for (ServerFlightDecoder d : decoders) {
            ServerFlight f = d.result();
            check.accept(f);
            if (d.isComplete() != f.complete()) {
                throw new AssertionError("isComplete() " + d.isComplete() + " but result().complete() " + f.complete());
            }
        }
    }

    static ServerFlightDecoder feedWhole(byte[] bytes) {
        return feed(bytes, new int[] {bytes.length});
    }

    static ServerFlightDecoder feedBytewise(byte[] bytes) {
        int[] ones = new int[bytes.length];
        Arrays.fill(ones, 1);
        return feed(bytes, ones);
    }

    static ServerFlightDecoder feedRandom(byte[] bytes, long seed) {
        Random rnd = new Random(seed);
        int[] sizes = new int[bytes.length];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 400);
        }
        return feed(bytes, sizes);
    }
}
