package dev.tlsweep.core.policy.deploy;

import java.util.List;
import java.util.Objects;

/**
 * The keys a platform accepts through one import path.
 *
 * @param platform   the platform id
 * @param path       {@code *} or one import service id
 * @param keys       accepted keys in ACM's names ({@code RSA_2048}, {@code EC_prime256v1}, ...)
 * @param confidence how firmly the list is established
 * @param source     where it comes from
 */
public record KeyRule(String platform, String path, List<String> keys, Confidence confidence, String source) {

    /** Copies the list and checks required fields. */
    public KeyRule {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(path, "path");
        keys = List.copyOf(keys);
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(source, "source");
    }
}
