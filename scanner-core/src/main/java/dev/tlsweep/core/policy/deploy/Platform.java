package dev.tlsweep.core.policy.deploy;

import java.util.List;
import java.util.Objects;

/**
 * A place a certificate is deployed to.
 *
 * @param id   the short name used on the command line ({@code alb}, {@code acm}, ...)
 * @param name what it is, e.g. {@code Application Load Balancer (HTTPS listener)}
 * @param via  the import services it takes certificates from ({@code acm}, {@code iam}); empty for an
 *             import service itself
 */
public record Platform(String id, String name, List<String> via) {

    /** Copies the list and checks required fields. */
    public Platform {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        via = List.copyOf(via);
    }

    /** The import paths judged: the via list, or the platform itself when it is an import service. */
    public List<String> paths() {
        return via.isEmpty() ? List.of(id) : via;
    }
}
