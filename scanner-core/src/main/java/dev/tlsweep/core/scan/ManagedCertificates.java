package dev.tlsweep.core.scan;

import dev.tlsweep.core.chain.CertificateFile;
import dev.tlsweep.core.chain.ChainInputException;
import dev.tlsweep.core.policy.ExpectedCertificate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The certificates that {@code expect-cert=} files name, each read once per run however many inventory
 * lines name it, on the analysis executor (never an event loop). A long-running exporter clears it before
 * each sweep, so that a renewed file is read again.
 */
final class ManagedCertificates {

    private final Executor executor;
    private final Clock clock;
    private final Map<Path, CompletableFuture<ExpectedCertificate.Managed>> read = new ConcurrentHashMap<>();

    ManagedCertificates(Executor executor, Clock clock) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The certificate of {@code file}, read at most once; never fails (an unreadable file is an error text). */
    CompletableFuture<ExpectedCertificate.Managed> get(Path file) {
        if (file == null) {
            return CompletableFuture.completedFuture(ExpectedCertificate.Managed.NONE);
        }
        return read.computeIfAbsent(file.toAbsolutePath().normalize(), f -> CompletableFuture.supplyAsync(() -> {
            try {
                return new ExpectedCertificate.Managed(CertificateFile.first(f, clock), null);
            } catch (ChainInputException e) {
                return new ExpectedCertificate.Managed(null, e.getMessage());
            } catch (RuntimeException e) {
                return new ExpectedCertificate.Managed(null, "cannot be read: " + e);
            }
        }, executor));
    }

    /** Forgets every file read, so that the next use reads it again. */
    void clear() {
        read.clear();
    }
}
