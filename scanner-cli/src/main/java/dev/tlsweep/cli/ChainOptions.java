package dev.tlsweep.cli;

import dev.tlsweep.core.chain.AiaAccess;
import dev.tlsweep.core.chain.AiaFetcher;
import dev.tlsweep.core.chain.ChainAnalyzer;
import dev.tlsweep.core.chain.ChainInputException;
import dev.tlsweep.core.chain.ChainPolicy;
import dev.tlsweep.core.chain.PemBundle;
import dev.tlsweep.core.chain.TrustAnchors;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.input.Printable;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Option;

/** How served chains are judged: the options {@code scan} and {@code serve} share. */
class ChainOptions {

    /** The largest AIA response read (an intermediate is 1-2 KB; a PKCS#7 bundle a few). */
    private static final int MAX_AIA_BYTES = 64 * 1024;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "Trust these roots (PEM) as well as the system's when judging served chains.")
    Path caFile;

    @Option(names = "--ca-only", description = "With --ca-file: trust only those roots, not the system's.")
    boolean caOnly;

    @Option(names = "--intermediates", paramLabel = "FILE",
            description = "A PEM bundle of intermediates to complete chains with (as a client with them cached would).")
    Path intermediates;

    /** Set by {@link Fetching}'s {@code --no-aia}; {@code tlsweep chain} works offline and never fetches. */
    boolean noAia;

    /** The chain options of the commands that reach servers (scan, serve), which may fetch through AIA. */
    static class Fetching extends ChainOptions {
        @Option(names = "--no-aia", description = "Do not fetch missing intermediates from the certificates' AIA "
                + "caIssuers URLs.")
        void noAia(boolean off) {
            noAia = off;
        }
    }

    @Option(names = "--expiry-warning", paramLabel = "DAYS", defaultValue = "30",
            description = "CERT_EXPIRES_SOON (medium) with at most this many days left (default: ${DEFAULT-VALUE}).")
    int expiryWarningDays;

    @Option(names = "--expiry-critical", paramLabel = "DAYS", defaultValue = "7",
            description = "CERT_EXPIRES_SOON (high) with at most this many days left "
                    + "(default: ${DEFAULT-VALUE}).")
    int expiryCriticalDays;

    /**
     * The trust anchors and extra intermediates, read from their files, and the expiry thresholds.
     *
     * @throws ChainInputException naming a file that cannot be read
     * @throws IllegalArgumentException for thresholds that make no sense
     */
    Loaded load() throws ChainInputException {
        ChainPolicy policy = new ChainPolicy(expiryWarningDays, expiryCriticalDays,
                ChainPolicy.defaults().maxLifetimeDays());
        TrustAnchors anchors;
        try {
            anchors = caFile == null ? TrustAnchors.system()
                    : caOnly ? TrustAnchors.fromPem(caFile) : TrustAnchors.system().plus(TrustAnchors.fromPem(caFile));
        } catch (ChainInputException e) {
            // the message starts with the file name: say which option named it
            throw e.getMessage().startsWith("--ca-file") ? e
                    : new ChainInputException("--ca-file " + e.source(), e.getMessage().substring(
                            Printable.cut(e.source(), 300).length() + 2), e);
        }
        List<X509Certificate> extra = List.of();
        List<PemBundle.Problem> problems = List.of();
        if (intermediates != null) {
            PemBundle bundle = PemBundle.parse(intermediates);
            extra = bundle.certificates();
            problems = bundle.problems();
            if (extra.isEmpty()) {
                throw new ChainInputException(intermediates.toString(), "--intermediates: no certificate in the file");
            }
        }
        String source = caFile == null ? SYSTEM : caOnly ? "--ca-file " + caFile + " only"
                : SYSTEM + " + --ca-file " + caFile;
        return new Loaded(anchors, extra, problems, noAia, policy, source);
    }

    /** The JDK's trust store, as a provenance names it. */
    private static final String SYSTEM = "system (" + systemStore() + ")";

    private static String systemStore() {
        String set = System.getProperty("javax.net.ssl.trustStore");
        return set != null && !set.isBlank() ? set
                : Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toString();
    }

    /** Puts the options that change how chains are judged into {@code out} (a report's provenance). */
    void describe(java.util.Map<String, String> out) {
        if (intermediates != null) {
            out.put("intermediates", intermediates.toString());
        }
        out.put("aia", String.valueOf(!noAia));
        out.put("expiry-warning", String.valueOf(expiryWarningDays));
        out.put("expiry-critical", String.valueOf(expiryCriticalDays));
    }

    /** What {@link #load()} read; builds the analyzer once the engine runs. */
    record Loaded(TrustAnchors anchors, List<X509Certificate> intermediates,
            List<PemBundle.Problem> intermediateProblems, boolean noAia, ChainPolicy policy, String source) {

        /** The trust store as a provenance records it (reads the system store: not on an event loop). */
        dev.tlsweep.core.report.Provenance.TrustStore trustStore() {
            return new dev.tlsweep.core.report.Provenance.TrustStore(source, anchors.all().size(), anchors.sha256());
        }

        /**
         * The AIA fetcher through the engine (under its limits), fetching whatever the served certificates name,
         * or {@code null} with {@code --no-aia}; close it after use.
         */
        AiaFetcher aia(ScanEngine engine) {
            return aia(engine, AiaAccess.ANY);
        }

        /** As {@link #aia(ScanEngine)}, fetching only what {@code access} allows. */
        AiaFetcher aia(ScanEngine engine, AiaAccess access) {
            return noAia ? null : new AiaFetcher(engine, MAX_AIA_BYTES, access);
        }

        ChainAnalyzer analyzer(AiaFetcher aia) {
            return new ChainAnalyzer(anchors, intermediates, aia, policy, Clock.systemUTC());
        }
    }
}
