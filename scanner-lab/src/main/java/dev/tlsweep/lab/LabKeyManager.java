package dev.tlsweep.lab;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager that hands out exactly the configured chains: one alias per key, chosen
 * by the key type the TLS stack asks for, the chain returned as given (no reordering, no
 * completion, no removal of extras).
 */
final class LabKeyManager extends X509ExtendedKeyManager {

    /** One served identity: its key and the exact certificate list sent (leaf first). */
    record Entry(String alias, PrivateKey key, X509Certificate[] chain) {
    }

    private final List<Entry> entries;

    LabKeyManager(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    private static boolean matches(Entry entry, String keyType) {
        String algorithm = entry.key().getAlgorithm();
        if (keyType == null) {
            return false;
        }
        if (keyType.startsWith("EC")) {
            // "EC" (JDK, OpenSSL ECDHE_ECDSA), "EC_EC" / "EC_RSA" (static ECDH)
            return "EC".equals(algorithm);
        }
        if (keyType.equals("RSA") || keyType.equals("RSASSA-PSS") || keyType.endsWith("_RSA")) {
            return "RSA".equals(algorithm);
        }
        return keyType.equals(algorithm);
    }

    private String choose(String[] keyTypes) {
        if (keyTypes == null) {
            return null;
        }
        for (String keyType : keyTypes) {
            for (Entry entry : entries) {
                if (matches(entry, keyType)) {
                    return entry.alias();
                }
            }
        }
        return null;
    }

    private Entry find(String alias) {
        for (Entry entry : entries) {
            if (entry.alias().equals(alias)) {
                return entry;
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(new String[] {keyType});
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(new String[] {keyType});
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        List<String> aliases = new ArrayList<>();
        for (Entry entry : entries) {
            if (matches(entry, keyType)) {
                aliases.add(entry.alias());
            }
        }
        return aliases.isEmpty() ? null : aliases.toArray(new String[0]);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Entry entry = find(alias);
        return entry == null ? null : entry.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Entry entry = find(alias);
        return entry == null ? null : entry.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
