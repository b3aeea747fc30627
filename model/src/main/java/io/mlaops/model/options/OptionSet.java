package io.mlaops.model.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The options one owner declares (a data set kind, a recipe, the trainer), in declaration order.
 * {@link #complete} turns what a user gave into the canonical, complete set or names the first
 * problem.
 *
 * @param specs the declared options, names unique
 */
public record OptionSet(List<OptionSpec> specs) {
    /** An owner without options. */
    public static final OptionSet NONE = new OptionSet(List.of());

    /**
     * @throws IllegalArgumentException for a name declared twice
     */
    public OptionSet {
        specs = List.copyOf(specs);
        TreeSet<String> seen = new TreeSet<>();
        for (OptionSpec s : specs) {
            if (!seen.add(s.name())) {
                throw new IllegalArgumentException("option " + s.name() + " is declared twice");
            }
        }
    }

    /**
     * @return the set of these specs
     */
    public static OptionSet of(OptionSpec... specs) {
        return new OptionSet(List.of(specs));
    }

    /**
     * @return the spec called {@code name}, or null
     */
    public OptionSpec find(String name) {
        for (OptionSpec s : specs) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * @return the declared names in order
     */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        specs.forEach(s -> out.add(s.name()));
        return out;
    }

    /**
     * @return name to canonical default of the options that have one
     */
    public Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        for (OptionSpec s : specs) {
            if (!s.required()) {
                out.put(s.name(), s.defaultValue());
            }
        }
        return out;
    }

    /**
     * @param given values by name (text); may omit options that have a default
     * @param where prefix naming the place in messages, e.g. {@code datasets[0].options}
     * @return every declared option in declaration order, canonical
     * @throws IllegalArgumentException naming an unknown key (with the allowed ones), a bad value
     *     or a missing required option
     */
    public Map<String, String> complete(Map<String, String> given, String where) {
        Objects.requireNonNull(given, "given");
        for (String k : given.keySet()) {
            if (find(k) == null) {
                throw new IllegalArgumentException(
                        prefix(where)
                                + "unknown key '"
                                + k
                                + "', expected "
                                + (specs.isEmpty() ? "none" : "one of " + new TreeSet<>(names())));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (OptionSpec s : specs) {
            String v = given.get(s.name());
            if (v == null) {
                if (s.required()) {
                    throw new IllegalArgumentException(
                            prefix(where) + s.name() + " is missing: " + s.help());
                }
                out.put(s.name(), s.defaultValue());
            } else {
                out.put(s.name(), s.normalise(v, where));
            }
        }
        return out;
    }

    private static String prefix(String where) {
        return where.isEmpty() ? "" : where + ": ";
    }

    /**
     * @return an int option's value from a completed map
     */
    public static int intValue(Map<String, String> m, String name) {
        return Integer.parseInt(m.get(name));
    }

    /**
     * @return a long option's value from a completed map
     */
    public static long longValue(Map<String, String> m, String name) {
        return Long.parseLong(m.get(name));
    }

    /**
     * @return a number option's value from a completed map
     */
    public static double doubleValue(Map<String, String> m, String name) {
        return Double.parseDouble(m.get(name));
    }

    /**
     * @return a boolean option's value from a completed map
     */
    public static boolean booleanValue(Map<String, String> m, String name) {
        return Boolean.parseBoolean(m.get(name));
    }
}
