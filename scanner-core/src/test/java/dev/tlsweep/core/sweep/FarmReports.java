package dev.tlsweep.core.sweep;

import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProtocolReport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a report says a farm endpoint accepts, in the form {@code LabFarm.Endpoint.mismatch} checks. */
final class FarmReports {

    private FarmReports() {
    }

    /** The accepted wire versions of {@code report}, each with its suites' codes in the order reported. */
    static Map<Integer, List<Integer>> found(EndpointReport report) {
        Map<Integer, List<Integer>> found = new TreeMap<>();
        for (ProtocolReport p : report.protocols()) {
            if (p.accepted()) {
                found.put(p.version().wire(), p.suites().stream().map(AcceptedSuite::suite).map(s -> s.code()).toList());
            }
        }
        return found;
    }
}
