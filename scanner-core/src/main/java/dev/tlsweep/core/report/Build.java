package dev.tlsweep.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;

/**
 * Which tlsweep this is: the version and the git commit it was built from, written into
 * {@code build.properties} by the build (Maven resource filtering, the commit from git). Every report,
 * summary and rendering names it through {@link Provenance}; {@code tlsweep --version} prints it.
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code "unknown"} when not built by Maven
 * @param commit  the full commit id, or {@code "unknown"} when the sources were built outside a git checkout
 * @param dirty   whether the working tree had uncommitted changes when it was built
 */
public record Build(String version, String commit, boolean dirty) {

    /** What a value is when the build could not supply it. */
    public static final String UNKNOWN = "unknown";

    private static final Build CURRENT = load();

    public Build {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
    }

    /** The build of the running code. */
    public static Build current() {
        return CURRENT;
    }

    /** The first 12 characters of the commit (or {@code unknown}). */
    public String shortCommit() {
        return commit.length() > 12 && !commit.equals(UNKNOWN) ? commit.substring(0, 12) : commit;
    }

    /** {@code 0.1.0-SNAPSHOT (commit 2e0c42d05ade)}, with {@code , modified} when built from a dirty tree. */
    public String describe() {
        return version + " (commit " + shortCommit() + (dirty ? ", modified" : "") + ")";
    }

    private static Build load() {
        Properties p = new Properties();
        try (InputStream in = Build.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource: unknown, as when built without Maven
        }
        return new Build(value(p, "version"), value(p, "commit"), Boolean.parseBoolean(value(p, "dirty")));
    }

    /** A filtered value; an unfiltered placeholder ({@code ${...}}) or a blank one is unknown. */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
    }
}
