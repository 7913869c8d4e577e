package dev.tlsweep.core.wire;

import io.netty.util.NetUtil;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable description of one ClientHello, turned into bytes by {@link ClientHelloEncoder}.
 *
 * <p>The defaults describe what a modern client sends: record version TLS 1.0, client_version TLS 1.2,
 * TLS 1.3 and 1.2 offered through supported_versions with an x25519 key share, common AEAD suites,
 * SNI when a name is set, RFC 7685 padding.
 *
 * <p>Cost model: everything that depends only on the spec (sizes, padding, extension order) is computed
 * once when it is built. Key shares are generated lazily on the first encode and then reused by every
 * encode of the same spec; the client random and a default session id are fresh bytes per encode (from
 * {@link java.util.concurrent.ThreadLocalRandom}: a scanner's hello protects no secret).
 */
public final class ClientHelloSpec {

    static final int[] DEFAULT_SUITES = {
        0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8,
        0xC009, 0xC013, 0xC00A, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035,
    };
    static final int[] DEFAULT_GROUPS = {0x001D, 0x0017, 0x0018, 0x0019, 0x0100};
    static final int[] DEFAULT_SIGALGS = {
        0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0807, 0x0808, 0x0603, 0x0201, 0x0203,
    };

    final int recordVersion;
    final int legacyVersion;
    final int[] cipherSuites;
    final boolean sslv2;
    final byte[] serverName;
    final int[] supportedGroups;
    final boolean ecPointFormats;
    final int[] signatureAlgorithms;
    final int[] supportedVersions;
    final int[] keyShares;
    final boolean pskKeyExchangeModes;
    final boolean renegotiationInfo;
    final byte[][] alpn;
    final boolean statusRequest;
    final boolean extendedMasterSecret;
    final boolean sessionTicket;
    final boolean padding;
    final byte[] sessionId;
    final byte[] random;
    final int[] compressionMethods;
    final boolean heartbeat;
    final byte[] sessionTicketData;
    final byte[] renegotiationData;
    final int[] extraTypes;
    final byte[][] extraData;
    final int minimumBodyLength;

    // Derived once at build time.
    final int sessionIdLength;
    final int[] extensionOrder;
    final int paddingLength; // -1: no padding extension
    final int bodyLength;

    private volatile KeyShareEntries keyShareEntries;

    private ClientHelloSpec(Builder b) {
        recordVersion = b.recordVersion;
        legacyVersion = b.legacyVersion;
        cipherSuites = b.cipherSuites.clone();
        sslv2 = b.sslv2;
        serverName = sniBytes(b.serverName);
        supportedGroups = b.supportedGroups.clone();
        ecPointFormats = b.ecPointFormats;
        signatureAlgorithms = b.signatureAlgorithms.clone();
        supportedVersions = b.supportedVersions.clone();
        keyShares = b.keyShares.clone();
        pskKeyExchangeModes = b.pskKeyExchangeModes;
        renegotiationInfo = b.renegotiationInfo;
        alpn = new byte[b.alpn.size()][];
        for (int i = 0; i < alpn.length; i++) {
            alpn[i] = b.alpn.get(i).getBytes(StandardCharsets.UTF_8);
        }
        statusRequest = b.statusRequest;
        extendedMasterSecret = b.extendedMasterSecret;
        sessionTicket = b.sessionTicket;
        padding = b.padding;
        sessionId = b.sessionId == null ? null : b.sessionId.clone();
        random = b.random == null ? null : b.random.clone();
        compressionMethods = b.compressionMethods.clone();
        heartbeat = b.heartbeat;
        sessionTicketData = b.sessionTicketData == null ? null : b.sessionTicketData.clone();
        renegotiationData = b.renegotiationData == null ? null : b.renegotiationData.clone();
        extraTypes = new int[b.extraTypes.size()];
        extraData = new byte[b.extraTypes.size()][];
        for (int i = 0; i < extraTypes.length; i++) {
            extraTypes[i] = b.extraTypes.get(i);
            extraData[i] = b.extraData.get(i).clone();
        }
        minimumBodyLength = b.minimumBodyLength;

        validate();
        sessionIdLength = sessionId != null ? sessionId.length : (!sslv2 && offersTls13() ? 32 : 0);
        if (sslv2) {
            extensionOrder = new int[0];
            paddingLength = -1;
            bodyLength = 9 + 3 * cipherSuites.length + sessionIdLength + ssl2ChallengeLength();
            if (bodyLength > 0x7FFF) {
                throw new IllegalArgumentException("cipherSuites: " + cipherSuites.length
                        + " suites (expected: an SSLv2 CLIENT-HELLO of at most 32767 bytes)");
            }
        } else {
            extensionOrder = ClientHelloEncoder.extensionOrder(this);
            int fixed = 2 + 32 + 1 + sessionIdLength + 2 + 2 * cipherSuites.length + 1 + compressionMethods.length;
            int ext = 0;
            for (int type : extensionOrder) {
                ext += 4 + ClientHelloEncoder.extensionDataLength(this, type);
            }
            for (byte[] data : extraData) {
                ext += 4 + data.length;
            }
            int padding = ClientHelloEncoder.paddingLength(this, fixed, ext);
            if (minimumBodyLength > 0) {
                int withoutPadding = fixed + 2 + ext;
                int withPadding = withoutPadding + (padding >= 0 ? 4 + padding : 0);
                if (withPadding < minimumBodyLength) {
                    padding = Math.max(0, minimumBodyLength - withoutPadding - 4);
                }
            }
            paddingLength = padding;
            if (paddingLength >= 0) {
                ext += 4 + paddingLength;
            }
            if (ext > 0xFFFF) {
                throw new IllegalArgumentException("extensions: " + ext + " bytes (expected: <= 65535)");
            }
            bodyLength = fixed + (ext > 0 || paddingLength >= 0 ? 2 + ext : 0);
        }
    }

    private void validate() {
        checkU16("recordVersion", recordVersion);
        checkU16("legacyVersion", legacyVersion);
        int max = sslv2 ? 0xFFFFFF : 0xFFFF;
        for (int c : cipherSuites) {
            if (c < 0 || c > max) {
                throw new IllegalArgumentException("cipherSuites: 0x" + Integer.toHexString(c) + " (expected: 0.."
                        + (sslv2 ? "0xffffff" : "0xffff") + ")");
            }
        }
        if (!sslv2 && cipherSuites.length > 0x7FFF) {
            throw new IllegalArgumentException("cipherSuites: " + cipherSuites.length + " suites (expected: <= 32767)");
        }
        checkU16s("supportedGroups", supportedGroups, 0x7FFF);
        checkU16s("signatureAlgorithms", signatureAlgorithms, 0x7FFF);
        checkU16s("supportedVersions", supportedVersions, 127);
        checkU16s("keyShares", keyShares, 0x7FFF);
        if (compressionMethods.length == 0 || compressionMethods.length > 255) {
            throw new IllegalArgumentException("compressionMethods: " + compressionMethods.length
                    + " methods (expected: 1..255)");
        }
        for (int m : compressionMethods) {
            if (m < 0 || m > 255) {
                throw new IllegalArgumentException("compressionMethods: " + m + " (expected: 0..255)");
            }
        }
        if (sessionId != null && sessionId.length > 32) {
            throw new IllegalArgumentException("sessionId: " + sessionId.length + " bytes (expected: <= 32)");
        }
        for (byte[] p : alpn) {
            if (p.length == 0 || p.length > 255) {
                throw new IllegalArgumentException("alpn: a protocol of " + p.length + " bytes (expected: 1..255)");
            }
        }
        if (sessionTicketData != null && sessionTicketData.length > 0xFFFF) {
            throw new IllegalArgumentException("sessionTicketData: " + sessionTicketData.length + " bytes (expected: <= 65535)");
        }
        if (renegotiationData != null && renegotiationData.length > 255) {
            throw new IllegalArgumentException("renegotiationData: " + renegotiationData.length + " bytes (expected: <= 255)");
        }
        for (int i = 0; i < extraTypes.length; i++) {
            checkU16("extension type", extraTypes[i]);
            if (extraData[i].length > 0xFFFF) {
                throw new IllegalArgumentException("extension " + extraTypes[i] + ": " + extraData[i].length
                        + " bytes (expected: <= 65535)");
            }
        }
        if (minimumBodyLength < 0 || minimumBodyLength > 0xFFFF) {
            throw new IllegalArgumentException("minimumBodyLength: " + minimumBodyLength + " (expected: 0..65535)");
        }
    }

    private static void checkU16(String name, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: 0..0xffff)");
        }
    }

    private static void checkU16s(String name, int[] values, int maxCount) {
        if (values.length > maxCount) {
            throw new IllegalArgumentException(name + ": " + values.length + " entries (expected: <= " + maxCount + ")");
        }
        for (int v : values) {
            checkU16(name, v);
        }
    }

    private static byte[] sniBytes(String name) {
        if (name == null) {
            return null;
        }
        String host = name;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            return null; // RFC 6066 3: literal addresses are not permitted in server_name
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("serverName: \"" + name + "\" (expected: a DNS name)", e);
        }
        if (ascii.isEmpty() || ascii.length() > 255) {
            throw new IllegalArgumentException("serverName: \"" + name
                    + "\" (expected: a DNS name of 1..255 characters)");
        }
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    int ssl2ChallengeLength() {
        return legacyVersion == 0x0002 ? 16 : 32;
    }

    /**
     * Returns the encoded client_shares list content, generated on first use and cached for this spec.
     */
    byte[] keyShareList() {
        return keyShareEntries().list;
    }

    /** The key shares of this spec and their encoding, made on first use. */
    private KeyShareEntries keyShareEntries() {
        KeyShareEntries entries = keyShareEntries;
        if (entries == null) {
            synchronized (this) {
                entries = keyShareEntries;
                if (entries == null) {
                    KeyShare[] shares = new KeyShare[keyShares.length];
                    int len = 0;
                    for (int i = 0; i < keyShares.length; i++) {
                        shares[i] = KeyShares.share(keyShares[i]);
                        len += 4 + shares[i].length();
                    }
                    byte[] list = new byte[len];
                    int off = 0;
                    for (KeyShare share : shares) {
                        int g = share.group();
                        list[off] = (byte) (g >>> 8);
                        list[off + 1] = (byte) g;
                        list[off + 2] = (byte) (share.length() >>> 8);
                        list[off + 3] = (byte) share.length();
                        share.writePublicKey(list, off + 4);
                        off += 4 + share.length();
                    }
                    entries = new KeyShareEntries(shares, list);
                    keyShareEntries = entries;
                }
            }
        }
        return entries;
    }

    private record KeyShareEntries(KeyShare[] shares, byte[] list) {
    }

    /**
     * The key share this hello sends for {@code group} (with its private half when tlsweep implements the group),
     * or {@code null} when it sends none for that group.
     */
    public KeyShare keyShare(int group) {
        for (KeyShare share : keyShareEntries().shares) {
            if (share.group() == group) {
                return share;
            }
        }
        return null;
    }

    int keyShareListLength() {
        int len = 0;
        for (int g : keyShares) {
            len += 4 + KeyShares.length(g);
        }
        return len;
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialised with this spec's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.recordVersion = recordVersion;
        b.legacyVersion = legacyVersion;
        b.cipherSuites = cipherSuites.clone();
        b.sslv2 = sslv2;
        b.serverName = serverName == null ? null : new String(serverName, StandardCharsets.US_ASCII);
        b.supportedGroups = supportedGroups.clone();
        b.ecPointFormats = ecPointFormats;
        b.signatureAlgorithms = signatureAlgorithms.clone();
        b.supportedVersions = supportedVersions.clone();
        b.keyShares = keyShares.clone();
        b.pskKeyExchangeModes = pskKeyExchangeModes;
        b.renegotiationInfo = renegotiationInfo;
        b.alpn = alpn();
        b.statusRequest = statusRequest;
        b.extendedMasterSecret = extendedMasterSecret;
        b.sessionTicket = sessionTicket;
        b.padding = padding;
        b.sessionId = sessionId == null ? null : sessionId.clone();
        b.random = random == null ? null : random.clone();
        b.compressionMethods = compressionMethods.clone();
        b.heartbeat = heartbeat;
        b.sessionTicketData = sessionTicketData == null ? null : sessionTicketData.clone();
        b.renegotiationData = renegotiationData == null ? null : renegotiationData.clone();
        for (int i = 0; i < extraTypes.length; i++) {
            b.extraTypes.add(extraTypes[i]);
            b.extraData.add(extraData[i].clone());
        }
        b.minimumBodyLength = minimumBodyLength;
        return b;
    }

    /** @return the record-layer version */
    public int recordVersion() {
        return recordVersion;
    }

    /** @return the client_version of the body (the version field of an SSLv2 CLIENT-HELLO) */
    public int legacyVersion() {
        return legacyVersion;
    }

    /** @return the offered cipher suites (24-bit cipher kinds allowed in SSLv2 format) */
    public List<Integer> cipherSuites() {
        return toList(cipherSuites);
    }

    /** @return whether the hello is encoded in SSLv2 CLIENT-HELLO format */
    public boolean sslv2() {
        return sslv2;
    }

    /** @return the SNI host name sent, or {@code null} if no server_name extension is sent */
    public String serverName() {
        return serverName == null ? null : new String(serverName, StandardCharsets.US_ASCII);
    }

    /** @return the supported_groups entries */
    public List<Integer> supportedGroups() {
        return toList(supportedGroups);
    }

    /** @return whether ec_point_formats is sent */
    public boolean ecPointFormats() {
        return ecPointFormats;
    }

    /** @return the signature_algorithms entries */
    public List<Integer> signatureAlgorithms() {
        return toList(signatureAlgorithms);
    }

    /** @return the supported_versions entries; empty if the extension is not sent */
    public List<Integer> supportedVersions() {
        return toList(supportedVersions);
    }

    /** @return the groups that carry key shares */
    public List<Integer> keyShares() {
        return toList(keyShares);
    }

    /** @return whether psk_key_exchange_modes (psk_dhe_ke) is sent */
    public boolean pskKeyExchangeModes() {
        return pskKeyExchangeModes;
    }

    /** @return whether an empty renegotiation_info extension is sent */
    public boolean renegotiationInfo() {
        return renegotiationInfo;
    }

    /** @return the ALPN protocol names */
    public List<String> alpn() {
        List<String> out = new ArrayList<>(alpn.length);
        for (byte[] p : alpn) {
            out.add(new String(p, StandardCharsets.UTF_8));
        }
        return Collections.unmodifiableList(out);
    }

    /** @return whether status_request (OCSP) is sent */
    public boolean statusRequest() {
        return statusRequest;
    }

    /** @return whether extended_master_secret is sent */
    public boolean extendedMasterSecret() {
        return extendedMasterSecret;
    }

    /** @return whether an empty session_ticket extension is sent */
    public boolean sessionTicket() {
        return sessionTicket;
    }

    /** @return whether RFC 7685 padding is applied */
    public boolean padding() {
        return padding;
    }

    /** @return whether the heartbeat extension is sent */
    public boolean heartbeat() {
        return heartbeat;
    }

    /** @return the ticket sent in session_ticket (RFC 5077), or {@code null} for an empty extension */
    public byte[] sessionTicketData() {
        return sessionTicketData == null ? null : sessionTicketData.clone();
    }

    /** @return the renegotiated_connection of renegotiation_info (RFC 5746), or {@code null} for an empty one */
    public byte[] renegotiationData() {
        return renegotiationData == null ? null : renegotiationData.clone();
    }

    /** @return the extension types added as raw bytes, in order (written before the standard ones) */
    public List<Integer> extraExtensionTypes() {
        return toList(extraTypes);
    }

    /** @return the handshake body length the hello is padded up to, 0 for none */
    public int minimumBodyLength() {
        return minimumBodyLength;
    }

    /** @return the length of the ClientHello body as encoded */
    public int bodyLength() {
        return bodyLength;
    }

    /** @return the fixed session id, or {@code null} if a default is chosen per encode */
    public byte[] sessionId() {
        return sessionId == null ? null : sessionId.clone();
    }

    /** @return the fixed client random, or {@code null} if fresh bytes are used per encode */
    public byte[] random() {
        return random == null ? null : random.clone();
    }

    /** @return the compression methods */
    public List<Integer> compressionMethods() {
        return toList(compressionMethods);
    }

    /** @return whether TLS 1.3 (or a draft of it) is among supported_versions */
    public boolean offersTls13() {
        for (int v : supportedVersions) {
            if (Tls.isTls13OrDraft(v)) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> toList(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return "ClientHelloSpec{" + (sslv2 ? "sslv2, " : "") + "record=0x" + Integer.toHexString(recordVersion)
                + ", version=0x" + Integer.toHexString(legacyVersion) + ", suites=" + cipherSuites.length
                + ", sni=" + serverName() + ", versions=" + Arrays.toString(supportedVersions)
                + ", keyShares=" + Arrays.toString(keyShares) + ", bodyLength=" + bodyLength + '}';
    }

    /**
     * Builds a {@link ClientHelloSpec}. Every setter returns this builder; {@link #build()} validates.
     */
    public static final class Builder {
        private int recordVersion = 0x0301;
        private int legacyVersion = 0x0303;
        private int[] cipherSuites = DEFAULT_SUITES.clone();
        private boolean sslv2;
        private String serverName;
        private int[] supportedGroups = DEFAULT_GROUPS.clone();
        private boolean ecPointFormats = true;
        private int[] signatureAlgorithms = DEFAULT_SIGALGS.clone();
        private int[] supportedVersions = {0x0304, 0x0303};
        private int[] keyShares = {0x001D};
        private boolean pskKeyExchangeModes = true;
        private boolean renegotiationInfo = true;
        private List<String> alpn = List.of();
        private boolean statusRequest = true;
        private boolean extendedMasterSecret = true;
        private boolean sessionTicket = true;
        private boolean padding = true;
        private byte[] sessionId;
        private byte[] random;
        private int[] compressionMethods = {0};
        private boolean heartbeat;
        private byte[] sessionTicketData;
        private byte[] renegotiationData;
        private final List<Integer> extraTypes = new ArrayList<>();
        private final List<byte[]> extraData = new ArrayList<>();
        private int minimumBodyLength;

        private Builder() {
        }

        /** Sets the record-layer version (default 0x0301). @return this builder */
        public Builder recordVersion(int version) {
            this.recordVersion = version;
            return this;
        }

        /** Sets client_version (default 0x0303); for SSLv2 format the CLIENT-HELLO version. @return this builder */
        public Builder legacyVersion(int version) {
            this.legacyVersion = version;
            return this;
        }

        /** Sets the offered suites in order. @return this builder */
        public Builder cipherSuites(int... codes) {
            this.cipherSuites = Objects.requireNonNull(codes, "codes").clone();
            return this;
        }

        /** Sets the offered suites in order. @return this builder */
        public Builder cipherSuites(List<Integer> codes) {
            Objects.requireNonNull(codes, "codes");
            this.cipherSuites = codes.stream().mapToInt(c -> Objects.requireNonNull(c, "codes[i]")).toArray();
            return this;
        }

        /**
         * Encodes the hello as an SSLv2 CLIENT-HELLO: 2-byte record header, 3-byte cipher specs (TLS code
         * points written as 0x00XXXX), no extensions. @return this builder
         */
        public Builder sslv2(boolean sslv2) {
            this.sslv2 = sslv2;
            return this;
        }

        /** Sets the SNI name; {@code null} or an IP literal sends no server_name. @return this builder */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** Sets supported_groups; empty sends none. @return this builder */
        public Builder supportedGroups(int... groups) {
            this.supportedGroups = Objects.requireNonNull(groups, "groups").clone();
            return this;
        }

        /** Sends ec_point_formats (uncompressed). @return this builder */
        public Builder ecPointFormats(boolean send) {
            this.ecPointFormats = send;
            return this;
        }

        /** Sets signature_algorithms; empty sends none. @return this builder */
        public Builder signatureAlgorithms(int... schemes) {
            this.signatureAlgorithms = Objects.requireNonNull(schemes, "schemes").clone();
            return this;
        }

        /** Sets supported_versions; empty sends none. @return this builder */
        public Builder supportedVersions(int... versions) {
            this.supportedVersions = Objects.requireNonNull(versions, "versions").clone();
            return this;
        }

        /**
         * Sets the groups that get key_share entries. key_share is sent when this is non-empty or TLS 1.3 is
         * offered (then possibly empty, which asks for a HelloRetryRequest). @return this builder
         */
        public Builder keyShares(int... groups) {
            this.keyShares = Objects.requireNonNull(groups, "groups").clone();
            return this;
        }

        /** Sends psk_key_exchange_modes with psk_dhe_ke. @return this builder */
        public Builder pskKeyExchangeModes(boolean send) {
            this.pskKeyExchangeModes = send;
            return this;
        }

        /** Sends an empty renegotiation_info extension (RFC 5746). @return this builder */
        public Builder renegotiationInfo(boolean send) {
            this.renegotiationInfo = send;
            return this;
        }

        /** Sets the ALPN protocols; none sends no extension. @return this builder */
        public Builder alpn(String... protocols) {
            Objects.requireNonNull(protocols, "protocols");
            List<String> list = new ArrayList<>(protocols.length);
            for (String p : protocols) {
                list.add(Objects.requireNonNull(p, "protocols[i]"));
            }
            this.alpn = List.copyOf(list);
            return this;
        }

        /** Sends status_request for OCSP stapling. @return this builder */
        public Builder statusRequest(boolean send) {
            this.statusRequest = send;
            return this;
        }

        /** Sends extended_master_secret (RFC 7627). @return this builder */
        public Builder extendedMasterSecret(boolean send) {
            this.extendedMasterSecret = send;
            return this;
        }

        /** Sends an empty session_ticket extension. @return this builder */
        public Builder sessionTicket(boolean send) {
            this.sessionTicket = send;
            return this;
        }

        /**
         * Applies RFC 7685 padding: a hello whose body would be 252..511 bytes is padded to 512, and one whose
         * body or message length would be 10 or 14 modulo 256 above 511 gets 5 more bytes. @return this builder
         */
        public Builder padding(boolean pad) {
            this.padding = pad;
            return this;
        }

        /**
         * Sends this ticket in session_ticket (RFC 5077 3.1, resumption); {@code null} sends an empty one when
         * {@link #sessionTicket(boolean)} is on. Setting a ticket switches the extension on. @return this builder
         */
        public Builder sessionTicketData(byte[] ticket) {
            this.sessionTicketData = ticket == null ? null : ticket.clone();
            if (ticket != null) {
                this.sessionTicket = true;
            }
            return this;
        }

        /**
         * Sends renegotiation_info with this renegotiated_connection (RFC 5746 3.5: the client's verify_data of the
         * connection being renegotiated); {@code null} sends it empty when {@link #renegotiationInfo(boolean)} is
         * on. Setting data switches the extension on. @return this builder
         */
        public Builder renegotiationData(byte[] data) {
            this.renegotiationData = data == null ? null : data.clone();
            if (data != null) {
                this.renegotiationInfo = true;
            }
            return this;
        }

        /**
         * Adds an extension as raw bytes (for extensions without a setter: encrypt_then_mac, early_data, an unknown
         * type); written first, in the order added. @return this builder
         */
        public Builder extension(int type, byte[] data) {
            extraTypes.add(type);
            extraData.add(Objects.requireNonNull(data, "data").clone());
            return this;
        }

        /**
         * Pads the hello (with the padding extension) until its body is at least this long: a control hello of the
         * same size as another one. 0 (default) leaves the padding to RFC 7685's rule. @return this builder
         */
        public Builder minimumBodyLength(int length) {
            this.minimumBodyLength = length;
            return this;
        }

        /** Sends the heartbeat extension (peer_allowed_to_send). @return this builder */
        public Builder heartbeat(boolean send) {
            this.heartbeat = send;
            return this;
        }

        /**
         * Fixes the session id; {@code null} (default) means 32 fresh bytes per encode when TLS 1.3 is offered,
         * else empty. @return this builder
         */
        public Builder sessionId(byte[] sessionId) {
            this.sessionId = sessionId == null ? null : sessionId.clone();
            return this;
        }

        /** Fixes the 32-byte client random; {@code null} (default) means fresh bytes per encode. @return this builder */
        public Builder random(byte[] random) {
            if (random != null && random.length != 32) {
                throw new IllegalArgumentException("random: " + random.length + " bytes (expected: 32)");
            }
            this.random = random == null ? null : random.clone();
            return this;
        }

        /** Sets the compression methods (default {0}). @return this builder */
        public Builder compressionMethods(int... methods) {
            this.compressionMethods = Objects.requireNonNull(methods, "methods").clone();
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the spec
         * @throws IllegalArgumentException if a value is out of range or the hello would not fit its length fields
         */
        public ClientHelloSpec build() {
            return new ClientHelloSpec(this);
        }
    }
}
