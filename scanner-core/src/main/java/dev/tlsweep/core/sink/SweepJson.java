package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportJson;

/**
 * The JSON line of a report in a sweep: the report's {@code tlsweep/1} object with one more field,
 * {@code "line"}, the inventory line the target came from, which {@code --resume} reads back.
 */
public final class SweepJson {

    private static final String PREFIX = "{\"schema\":\"" + EndpointReport.SCHEMA + "\",";

    private SweepJson() {
    }

    /** One line of JSON, without a line terminator. */
    public static String line(InventoryEntry entry, EndpointReport report) {
        String json = ReportJson.toLine(report);
        String field = "\"line\":" + entry.line() + ",";
        if (json.startsWith(PREFIX)) {
            return PREFIX + field + json.substring(PREFIX.length());
        }
        return "{" + field + json.substring(1);
    }
}
