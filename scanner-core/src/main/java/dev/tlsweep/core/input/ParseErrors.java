package dev.tlsweep.core.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;

/**
 * A JSON or YAML parser's complaint in a user's words: what is wrong and where (line, column), without the
 * parser's own furniture ({@code [Source: REDACTED (StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION
 * disabled)]}, class names), printable and cut. Pure.
 */
public final class ParseErrors {

    private ParseErrors() {
    }

    /** {@code Unexpected character ('x' (code 120)) at line 1, column 2}, or the message of another error. */
    public static String words(Throwable e) {
        if (e instanceof JacksonException j) {
            String what = j.getOriginalMessage() == null ? "cannot be parsed" : j.getOriginalMessage();
            int nl = what.indexOf('\n');
            if (nl >= 0) {
                what = what.substring(0, nl);
            }
            JsonLocation at = j.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr()
                    + (at.getColumnNr() < 0 ? "" : ", column " + at.getColumnNr());
            return Printable.cut(what.strip(), 200) + where;
        }
        String m = e.getMessage() == null ? "cannot be parsed" : e.getMessage();
        int nl = m.indexOf('\n');
        return Printable.cut(nl >= 0 ? m.substring(0, nl) : m, 300);
    }
}
