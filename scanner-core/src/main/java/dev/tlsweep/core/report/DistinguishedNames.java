package dev.tlsweep.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Reads the parts of an RFC 2253 distinguished name that reports show. Pure. */
public final class DistinguishedNames {

    private DistinguishedNames() {
    }

    /** The most specific CN of {@code rfc2253} (the last one written first), or empty. */
    public static Optional<String> commonName(String rfc2253) {
        List<String> all = commonNames(rfc2253);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every CN of {@code rfc2253}, most general first (the order of {@link LdapName#getRdns()}); empty when unparseable. */
    public static List<String> commonNames(String rfc2253) {
        List<String> out = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(rfc2253).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    out.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            return List.of();
        }
        return out;
    }
}
