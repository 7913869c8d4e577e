package dev.tlsweep.core.render;

import static dev.tlsweep.core.render.Ansi.BOLD;
import static dev.tlsweep.core.render.Ansi.DIM;
import static dev.tlsweep.core.render.Ansi.GREEN;
import static dev.tlsweep.core.render.Ansi.RED;
import static dev.tlsweep.core.render.Ansi.RESET;

import dev.tlsweep.core.diff.Change;
import dev.tlsweep.core.diff.Drift;
import dev.tlsweep.core.diff.EndpointDrift;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Renders a {@link Drift} for a terminal: one block per endpoint that appeared, disappeared or changed, each
 * change on a line marked {@code +}, {@code -} or {@code ~} and {@code WORSE} with the reason, then the counts;
 * {@code no change} when nothing differs.
 */
public final class DriftText {

    private final boolean color;

    /** A renderer with or without ANSI colours (the marks and words say everything without them). */
    public DriftText(boolean color) {
        this.color = color;
    }

    /** Prints the drift. */
    public void render(Drift d, PrintWriter out) {
        for (String n : d.notes()) {
            out.println(paint(DIM, "note: " + n));
        }
        for (EndpointDrift e : d.differences()) {
            String ip = e.ip() == null ? "" : "  " + e.ip();
            out.println(paint(BOLD, e.key().describe()) + ip + "  " + e.state().label()
                    + (e.worse() ? "  " + paint(RED, "WORSE") : ""));
            for (Change c : e.changes()) {
                String line = "  " + c.describe();
                out.println(c.worse() ? paint(RED, line + "  WORSE: " + c.why())
                        : c.kind() == Change.Kind.DISAPPEARED && c.aspect() == Change.Aspect.FINDING
                                ? paint(GREEN, line) : line);
            }
        }
        Map<EndpointDrift.State, Long> n = d.counts();
        if (d.noChange()) {
            out.println("no change: " + d.afterCount() + " endpoints, the same as before");
            return;
        }
        out.println(String.format("%d endpoints before, %d after: %d unchanged, %d changed, %d appeared, %d disappeared;"
                + " %s", d.beforeCount(), d.afterCount(), n.get(EndpointDrift.State.UNCHANGED),
                n.get(EndpointDrift.State.CHANGED), n.get(EndpointDrift.State.APPEARED),
                n.get(EndpointDrift.State.DISAPPEARED),
                d.worse() ? paint(RED, d.worseCount() + " got worse") : "none got worse"));
    }

    private String paint(String colour, String text) {
        return color ? colour + text + RESET : text;
    }
}
