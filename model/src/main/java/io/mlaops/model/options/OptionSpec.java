package io.mlaops.model.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One declared option (of a data set kind, a recipe or the trainer): its name, type, default and
 * help, written once and read by the command line, sweep specs and validation. Values travel as
 * text; {@link #normalise} checks a text against the type (and range) and returns its canonical
 * form, so that {@code 0.10} and {@code 0.1} name the same setting.
 *
 * @param name snake_case key as used in specs and params; the command-line flag is {@code
 *     --name-with-dashes}
 * @param type value type
 * @param defaultValue canonical default, or null when the option is required
 * @param help one line for help texts
 * @param choices allowed values of a {@link OptionType#CHOICE} (canonical spelling), else empty
 * @param min smallest allowed number (numbers only; -infinity for none)
 * @param max largest allowed number (numbers only; +infinity for none)
 */
public record OptionSpec(
        String name,
        OptionType type,
        String defaultValue,
        String help,
        List<String> choices,
        double min,
        double max) {
    /**
     * @throws IllegalArgumentException for a bad name or a default that does not parse
     */
    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        choices = List.copyOf(choices);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("option name '" + name + "': expected snake_case");
        }
        if (type == OptionType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("option " + name + " is a choice without values");
        }
    }

    /**
     * @return a number option without range
     */
    public static OptionSpec of(String name, OptionType type, Object defaultValue, String help) {
        return new OptionSpec(
                name,
                type,
                defaultValue == null ? null : String.valueOf(defaultValue),
                help,
                List.of(),
                Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY);
    }

    /**
     * @return a number option with an inclusive range
     */
    public static OptionSpec range(
            String name,
            OptionType type,
            Object defaultValue,
            double min,
            double max,
            String help) {
        return new OptionSpec(name, type, String.valueOf(defaultValue), help, List.of(), min, max);
    }

    /**
     * @return a choice option
     */
    public static OptionSpec choice(
            String name, String defaultValue, List<String> choices, String help) {
        return new OptionSpec(
                name,
                OptionType.CHOICE,
                defaultValue,
                help,
                choices,
                Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY);
    }

    /**
     * @return whether a value must be given
     */
    public boolean required() {
        return defaultValue == null;
    }

    /**
     * @return the command-line flag, e.g. {@code --image-pca-energy}
     */
    public String flag() {
        return "--" + name.replace('_', '-');
    }

    /**
     * @param raw a value as written by a user (YAML scalar or flag value)
     * @param where prefix naming the place for the message, e.g. {@code trainer} or {@code
     *     datasets[0].options}
     * @return the canonical text of the value
     * @throws IllegalArgumentException naming the key, the value and what was expected
     */
    public String normalise(String raw, String where) {
        String key = where.isEmpty() ? name : where + "." + name;
        String v = raw == null ? "" : raw.trim();
        try {
            String out =
                    switch (type) {
                        case INT -> inRange(Integer.parseInt(v), key, v);
                        case LONG -> Long.toString(Long.parseLong(v));
                        case DOUBLE -> {
                            double d = io.mlaops.model.util.Decimals.parse(v);
                            if (!Double.isFinite(d)) {
                                throw new NumberFormatException();
                            }
                            yield inRange(d, key, v);
                        }
                        case BOOLEAN -> {
                            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                                throw new NumberFormatException();
                            }
                            yield v.toLowerCase(Locale.ROOT);
                        }
                        case STRING -> v;
                        case INT_LIST -> {
                            List<String> parts = new ArrayList<>();
                            for (String p : split(v)) {
                                parts.add(Integer.toString(Integer.parseInt(p)));
                            }
                            yield String.join(",", parts);
                        }
                        case NAME_LIST -> String.join(",", split(v));
                        case CHOICE -> {
                            for (String c : choices) {
                                if (c.equalsIgnoreCase(v)) {
                                    yield c;
                                }
                            }
                            throw new IllegalArgumentException(
                                    key
                                            + " '"
                                            + v
                                            + "': expected one of "
                                            + String.join(", ", choices));
                        }
                    };
            return out;
        } catch (NumberFormatException e) {
            boolean ranged = min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY;
            throw new IllegalArgumentException(
                    key
                            + " '"
                            + v
                            + "': expected "
                            + type.expected()
                            + (ranged && (type == OptionType.INT || type == OptionType.DOUBLE)
                                    ? ", " + rangeText()
                                    : ""));
        }
    }

    private String inRange(double d, String key, String raw) {
        if (d < min || d > max) {
            throw new IllegalArgumentException(key + " " + raw + ": expected " + rangeText());
        }
        return type == OptionType.INT ? Integer.toString((int) d) : Double.toString(d);
    }

    private String rangeText() {
        boolean lo = min != Double.NEGATIVE_INFINITY;
        boolean hi = max != Double.POSITIVE_INFINITY;
        String f = type == OptionType.INT ? "%.0f" : "%s";
        String a =
                lo
                        ? (type == OptionType.INT
                                ? String.format(Locale.ROOT, f, min)
                                : Double.toString(min))
                        : "";
        String b =
                hi
                        ? (type == OptionType.INT
                                ? String.format(Locale.ROOT, f, max)
                                : Double.toString(max))
                        : "";
        if (lo && hi) {
            return "a value in " + a + ".." + b;
        }
        return lo ? "at least " + a : "at most " + b;
    }

    /**
     * @return comma-separated parts, trimmed, blanks dropped
     */
    public static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /**
     * @return one help line: type, range or choices, default
     */
    public String describe() {
        StringBuilder b = new StringBuilder(help);
        if (type == OptionType.CHOICE) {
            b.append(" (").append(String.join(", ", choices)).append(')');
        } else if (min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY) {
            b.append(" (").append(rangeText()).append(')');
        }
        b.append(
                required()
                        ? ". Required"
                        : ". Default: " + (defaultValue.isEmpty() ? "none" : defaultValue));
        return b.toString();
    }
}
