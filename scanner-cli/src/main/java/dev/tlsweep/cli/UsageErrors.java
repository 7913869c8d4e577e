package dev.tlsweep.cli;

import dev.tlsweep.core.input.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that picocli cannot parse, told in two lines instead of the whole help: what is wrong (with
 * the nearest option when there is one), then the one usage line that concerns it and where the rest is.
 */
final class UsageErrors {

    private UsageErrors() {
    }

    /** Prints the error and returns the usage exit code. */
    static int handle(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("tlsweep: " + message(ex));
        err.println("usage: " + usage(cmd.getCommandSpec(), ex.getArgSpec()) + "; see '"
                + cmd.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return Main.USAGE;
    }

    /** What is wrong, in the words of the command line. */
    static String message(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            List<String> close = u.getSuggestions();
            if (first.startsWith("-")) {
                String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                return "unknown option " + Printable.quote(Printable.cut(name, 100))
                        + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close.subList(0,
                                Math.min(3, close.size()))) + "?)");
            }
            return "unexpected argument " + Printable.quote(Printable.cut(first, 100))
                    + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)");
        }
        ArgSpec arg = ex.getArgSpec();
        String value = ex.getValue();
        if (arg instanceof OptionSpec o && value != null) {
            return o.longestName() + ": " + Printable.quote(Printable.cut(value, 100)) + " (expected: "
                    + expected(o) + ")";
        }
        if (ex instanceof CommandLine.MissingParameterException m) {
            List<String> missing = m.getMissing().stream().map(UsageErrors::label).toList();
            if (!missing.isEmpty() && m.getMissing().get(0) instanceof OptionSpec o && o.arity().min > 0
                    && !o.required()) {
                return o.longestName() + " needs a value (" + o.paramLabel() + ")";
            }
            return "missing " + String.join(", ", missing);
        }
        String text = ex.getMessage() == null || ex.getMessage().isEmpty() ? "invalid command line" : ex.getMessage();
        return Printable.cut(Character.toLowerCase(text.charAt(0)) + text.substring(1), 300);
    }

    /** What a value of the option looks like. */
    private static String expected(OptionSpec o) {
        Class<?> type = o.type();
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == Path.class) {
            return "a file name";
        }
        if ("DURATION".equals(o.paramLabel())) {
            return "a duration such as 5s, 90s, 2m, 1h, or plain seconds";
        }
        return o.paramLabel();
    }

    private static String label(ArgSpec a) {
        if (a instanceof OptionSpec o) {
            return "option " + o.longestName() + (o.arity().min > 0 ? " " + o.paramLabel() : "");
        }
        return a instanceof PositionalParamSpec p ? p.paramLabel() : String.valueOf(a);
    }

    /** The one usage line of the option (its names, value and first sentence), else the command's synopsis. */
    static String usage(CommandSpec spec, ArgSpec arg) {
        if (arg instanceof OptionSpec o) {
            String desc = o.description().length == 0 ? "" : o.description()[0];
            int stop = desc.indexOf(". ");
            desc = stop > 0 ? desc.substring(0, stop) : desc.replaceAll("\\.$", "");
            desc = desc.replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue())).replace("%%", "%");
            return spec.qualifiedName() + " " + o.longestName() + (o.arity().max > 0 ? " " + o.paramLabel() : "")
                    + (desc.isEmpty() ? "" : ": " + Printable.cut(desc, 120));
        }
        return synopsis(spec);
    }

    /** {@code tlsweep scan [OPTIONS] [TARGET...]}: the command and its positional parameters. */
    static String synopsis(CommandSpec spec) {
        StringBuilder b = new StringBuilder(spec.qualifiedName());
        if (!spec.options().isEmpty()) {
            b.append(" [OPTIONS]");
        }
        for (OptionSpec o : spec.options()) {
            if (o.required()) {
                b.append(' ').append(o.longestName()).append(' ').append(o.paramLabel());
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            String label = p.paramLabel() + (p.arity().max > 1 ? "..." : "");
            b.append(' ').append(p.arity().min == 0 ? "[" + label + "]" : label);
        }
        if (!spec.subcommands().isEmpty()) {
            b.append(" COMMAND");
        }
        return b.toString();
    }
}
