package dev.tlsweep.core.report;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What made a report: tlsweep's version and commit, the options that change results, and the trust store
 * chains were judged against. Written into every JSON line as {@code "scanner"}, into summaries, and shown by
 * every rendering, so that two sweeps that differ can be told apart from two that were run differently.
 *
 * @param version    tlsweep's version ({@link Build#version()})
 * @param commit     the git commit it was built from ({@link Build#commit()})
 * @param modified   whether it was built with uncommitted changes ({@link Build#dirty()})
 * @param options    the options that change results, by name as on the command line without dashes
 *                   ({@code protocols}, {@code timeout}, {@code policy}, ...), sorted; only the ones that apply
 * @param trustStore the anchors served chains were judged against, or {@code null} when chains were not judged
 */
public record Provenance(String version, String commit, boolean modified, Map<String, String> options,
        TrustStore trustStore) {

    /**
     * The trust anchors of a run.
     *
     * @param source  where they came from, e.g. {@code system (JDK cacerts)} or
     *                {@code system (JDK cacerts) + --ca-file roots.pem}
     * @param anchors how many anchors (distinct certificates)
     * @param sha256  SHA-256 over the sorted SHA-256 fingerprints of the anchors, lowercase hex: equal for the
     *                same set of anchors wherever it was loaded
     */
    public record TrustStore(String source, int anchors, String sha256) {

        public TrustStore {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(sha256, "sha256");
            if (anchors < 0) {
                throw new IllegalArgumentException("anchors: " + anchors + " (expected: >= 0)");
            }
        }
    }

    public Provenance {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
        options = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(options, "options")));
    }

    /** The provenance of a run of this build with these options and trust store. */
    public static Provenance of(Map<String, String> options, TrustStore trustStore) {
        Build b = Build.current();
        return new Provenance(b.version(), b.commit(), b.dirty(), options, trustStore);
    }

    /** {@code tlsweep 0.1.0 (commit 2e0c42d05ade)}. */
    public String describe() {
        return "tlsweep " + new Build(version, commit, modified).describe();
    }

    /** The options as {@code name=value} pairs separated by spaces, in name order ({@code "defaults"} when none). */
    public String optionsText() {
        if (options.isEmpty()) {
            return "defaults";
        }
        StringBuilder b = new StringBuilder();
        options.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }
}
