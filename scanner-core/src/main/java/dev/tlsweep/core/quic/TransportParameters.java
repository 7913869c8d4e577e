package dev.tlsweep.core.quic;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * QUIC transport parameters (RFC 9000 18), carried in the TLS extension quic_transport_parameters (0x39): tlsweep's
 * own, and the server's read from its EncryptedExtensions. Only the parameters whose value says something about the
 * server's configuration are kept (limits, timeouts, flags, the versions it announces); connection IDs and tokens,
 * which change with every connection, are not.
 */
public final class TransportParameters {

    /** The TLS extension type that carries them (RFC 9001 8.2). */
    public static final int EXTENSION = 0x39;

    private static final int STATELESS_RESET_TOKEN = 0x02;
    private static final int PREFERRED_ADDRESS = 0x0d;
    private static final int DISABLE_ACTIVE_MIGRATION = 0x0c;
    private static final int INITIAL_SCID = 0x0f;
    private static final int VERSION_INFORMATION = 0x11;
    private static final int GREASE_QUIC_BIT = 0x2ab2;

    /** The names of the parameters whose value is an integer, by id. */
    private static final Map<Integer, String> INTEGERS = Map.ofEntries(
            Map.entry(0x01, "max_idle_timeout"),
            Map.entry(0x03, "max_udp_payload_size"),
            Map.entry(0x04, "initial_max_data"),
            Map.entry(0x05, "initial_max_stream_data_bidi_local"),
            Map.entry(0x06, "initial_max_stream_data_bidi_remote"),
            Map.entry(0x07, "initial_max_stream_data_uni"),
            Map.entry(0x08, "initial_max_streams_bidi"),
            Map.entry(0x09, "initial_max_streams_uni"),
            Map.entry(0x0a, "ack_delay_exponent"),
            Map.entry(0x0b, "max_ack_delay"),
            Map.entry(0x0e, "active_connection_id_limit"),
            Map.entry(0x20, "max_datagram_frame_size"));

    private TransportParameters() {
    }

    /**
     * tlsweep's parameters: its source connection ID (required, RFC 9000 7.3), a 10-second idle timeout, and the
     * least stream credit an HTTP/3 server demands of a client (three unidirectional streams, RFC 9114 6.2: its
     * control and QPACK streams) — tlsweep reads none of them, it closes the connection after the handshake.
     */
    public static byte[] client(byte[] scid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        param(out, INITIAL_SCID, scid);
        param(out, 0x01, Varint.encode(10_000));
        param(out, 0x03, Varint.encode(1452));
        param(out, 0x04, Varint.encode(4096));
        param(out, 0x07, Varint.encode(1024));
        param(out, 0x09, Varint.encode(3));
        return out.toByteArray();
    }

    private static void param(ByteArrayOutputStream out, int id, byte[] value) {
        Varint.write(out, id);
        Varint.write(out, value.length);
        out.writeBytes(value);
    }

    /**
     * What the server's parameters say of its configuration.
     *
     * @param values the integer parameters by name, in the order sent
     * @param flags the parameters present without a value tlsweep keeps (disable_active_migration,
     *     preferred_address, stateless_reset_token, grease_quic_bit), in the order sent
     * @param versions the versions of version_information (RFC 9368): the chosen one first, then the available ones
     */
    public record Server(Map<String, Long> values, List<String> flags, List<Integer> versions) {
        public Server {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            flags = List.copyOf(flags);
            versions = List.copyOf(versions);
        }
    }

    /**
     * Reads the server's parameters from the extension's data.
     *
     * @throws QuicException when the data is malformed
     */
    public static Server read(byte[] data) throws QuicException {
        Reader r = new Reader(data, 0, data.length, "transport parameters");
        Map<String, Long> values = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        while (r.remaining() > 0) {
            long id = r.varint("parameter id");
            int length = r.lengthWithin("parameter length");
            int end = r.position() + length;
            if (!seen.add(id)) {
                throw new QuicException("transport parameter 0x" + Long.toHexString(id) + " sent twice");
            }
            String name = id <= Integer.MAX_VALUE ? INTEGERS.get((int) id) : null;
            if (name != null) {
                Reader value = new Reader(data, r.position(), end, "transport parameter " + name);
                long v = value.varint(name);
                if (value.remaining() != 0) {
                    throw new QuicException("transport parameter " + name + " of " + length + " bytes holds more"
                            + " than its integer");
                }
                values.put(name, v);
            } else if (id == DISABLE_ACTIVE_MIGRATION) {
                flags.add("disable_active_migration");
            } else if (id == PREFERRED_ADDRESS) {
                flags.add("preferred_address");
            } else if (id == STATELESS_RESET_TOKEN) {
                flags.add("stateless_reset_token");
            } else if (id == GREASE_QUIC_BIT) {
                flags.add("grease_quic_bit");
            } else if (id == VERSION_INFORMATION) {
                Reader v = new Reader(data, r.position(), end, "version_information");
                while (v.remaining() > 0 && versions.size() < 64) {
                    versions.add(v.u32("version"));
                }
            }
            r.skip(length, "parameter value");
            // connection IDs (original_destination, initial_source, retry_source) and unknown or GREASE
            // parameters are skipped: they change with every connection
        }
        return new Server(values, flags, versions);
    }
}
