package io.mlaops.model.tune;

import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a tuning of one recipe (and variant) may vary: a list of {@link Dimension}s over the shared
 * trainer settings and the recipe's own options. Declared by the recipe ({@link
 * Recipe#searchDimensions}) and validated here once: every dimension names a setting the cell has,
 * its type fits the setting's, and every value it can produce (a list's values, a range's ends) is
 * one the setting accepts. The samplers ({@link RandomSampler}, {@link GridSampler}) turn it into
 * {@link Trial}s, whose settings a cell takes with {@link Trial#apply}.
 *
 * <p>Pure Java on the registry (no engine, no services): a workflow can sample from it.
 */
public final class SearchSpace {
    private final Recipe recipe;
    private final String variant;
    private final List<Dimension> dimensions;

    private SearchSpace(Recipe recipe, String variant, List<Dimension> dimensions) {
        this.recipe = recipe;
        this.variant = variant;
        this.dimensions = List.copyOf(dimensions);
    }

    /**
     * @param recipe the recipe
     * @param variant its variant ("" without variants)
     * @return the space the recipe declares for that variant
     * @throws IllegalArgumentException when the declaration is not valid (a bug in the recipe)
     */
    public static SearchSpace of(Recipe recipe, String variant) {
        return of(recipe, variant, recipe.searchDimensions(variant));
    }

    /**
     * @param recipe the recipe
     * @param variant its variant ("" without variants)
     * @param dimensions the dimensions, names unique
     * @return the validated space
     * @throws IllegalArgumentException naming the first dimension that names no setting of the
     *     cell, whose type does not fit it, or whose values it does not accept
     */
    public static SearchSpace of(Recipe recipe, String variant, List<Dimension> dimensions) {
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(variant, "variant");
        SearchSpace s = new SearchSpace(recipe, variant, dimensions);
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (Dimension d : dimensions) {
            if (!seen.add(d.name())) {
                throw new IllegalArgumentException(s.where() + d.name() + " is declared twice");
            }
            s.check(d);
        }
        return s;
    }

    /**
     * Reads a space as a spec writes it, one entry per setting:
     *
     * <pre>
     *   lr:           {type: double, range: [1.0e-4, 1.0e-2], scale: log}
     *   ogm_end:      {type: int, range: [5, 50], grid: 4}
     *   weight_decay: {values: [0, 1.0e-5, 1.0e-4]}
     * </pre>
     *
     * ({@code type} defaults to {@code double} for a range and {@code choice} for values; {@code
     * scale} to {@code linear}; {@code grid} to {@value Dimension#DEFAULT_GRID}.)
     *
     * @param recipe the recipe
     * @param variant its variant
     * @param spec setting name to its description (maps, lists, numbers and strings as a YAML
     *     reader gives them)
     * @param where the place in the spec, for messages (e.g. {@code tune.space.mla})
     * @return the validated space
     * @throws IllegalArgumentException naming the key (under {@code where}) and what was expected
     */
    public static SearchSpace parse(
            Recipe recipe, String variant, Map<String, ?> spec, String where) {
        List<Dimension> dims = new ArrayList<>();
        for (Map.Entry<String, ?> e : spec.entrySet()) {
            String key = where + "." + e.getKey();
            try {
                dims.add(dimension(e.getKey(), e.getValue()));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(key + ": " + x.getMessage(), x);
            }
        }
        try {
            return of(recipe, variant, dims);
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException(where + ": " + x.getMessage(), x);
        }
    }

    private static Dimension dimension(String name, Object raw) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(
                    "expected a map with range (and type, scale, grid) or values, not " + raw);
        }
        TreeSet<String> keys = new TreeSet<>();
        m.keySet().forEach(k -> keys.add(String.valueOf(k)));
        keys.removeAll(List.of("type", "range", "scale", "values", "grid"));
        if (!keys.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown key " + keys + ": expected type, range, scale, grid or values");
        }
        boolean range = m.containsKey("range");
        boolean values = m.containsKey("values");
        if (range == values) {
            throw new IllegalArgumentException(
                    "expected either range: [low, high] or values: [...]");
        }
        String type =
                m.containsKey("type")
                        ? String.valueOf(m.get("type"))
                        : (range ? "double" : "choice");
        if (values) {
            if (!"choice".equals(type) || m.containsKey("scale") || m.containsKey("grid")) {
                throw new IllegalArgumentException(
                        "a list of values is type choice, without scale or grid");
            }
            if (!(m.get("values") instanceof List<?> list)) {
                throw new IllegalArgumentException(
                        "values: expected a list, not " + m.get("values"));
            }
            return Dimension.choice(name, list);
        }
        if (!(m.get("range") instanceof List<?> ends) || ends.size() != 2) {
            throw new IllegalArgumentException(
                    "range: expected [low, high], not " + m.get("range"));
        }
        double low = number(ends.get(0), "range");
        double high = number(ends.get(1), "range");
        Scale scale =
                m.containsKey("scale") ? Scale.parse(String.valueOf(m.get("scale"))) : Scale.LINEAR;
        int grid =
                m.containsKey("grid")
                        ? (int) number(m.get("grid"), "grid")
                        : Dimension.DEFAULT_GRID;
        Dimension.Type t =
                switch (type) {
                    case "double" -> Dimension.Type.DOUBLE;
                    case "int" -> Dimension.Type.INT;
                    default ->
                            throw new IllegalArgumentException(
                                    "type '" + type + "' of a range: expected double or int");
                };
        return new Dimension(name, t, low, high, scale, List.of(), grid);
    }

    private static double number(Object v, String what) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + v + "' is not a number");
        }
    }

    private String where() {
        return "search space of " + recipe.id() + (variant.isEmpty() ? "" : " " + variant) + ": ";
    }

    /** The option a dimension tunes: a trainer setting or one of the recipe's options. */
    private OptionSpec option(Dimension d) {
        OptionSpec o = TrainerConfig.OPTIONS.find(d.name());
        if (o == null) {
            o = recipe.options().find(d.name());
        }
        if (o == null) {
            TreeSet<String> known = new TreeSet<>(TrainerConfig.OPTIONS.names());
            known.addAll(recipe.options().names());
            throw new IllegalArgumentException(
                    where()
                            + d.name()
                            + " is neither a trainer setting nor an option of method "
                            + recipe.id()
                            + ": expected one of "
                            + known);
        }
        return o;
    }

    private void check(Dimension d) {
        OptionSpec o = option(d);
        boolean fits =
                switch (d.type()) {
                    case CHOICE -> true;
                    case DOUBLE -> o.type() == OptionType.DOUBLE;
                    case INT -> o.type() == OptionType.INT || o.type() == OptionType.LONG;
                };
        if (!fits) {
            throw new IllegalArgumentException(
                    where()
                            + d.name()
                            + " is "
                            + o.type().expected()
                            + ": a "
                            + d.type().id()
                            + " range does not fit it (use values: [...]"
                            + (o.type() == OptionType.INT ? " or type: int" : "")
                            + ")");
        }
        List<String> candidates =
                d.type() == Dimension.Type.CHOICE
                        ? d.values()
                        : List.of(d.at(0), d.at(0.999999999));
        for (String v : candidates) {
            String canonical = normalise(d, v);
            Map<String, String> one = Map.of(d.name(), canonical);
            try {
                if (TrainerConfig.OPTIONS.find(d.name()) != null) {
                    TrainerConfig.fromParams(one, "");
                } else {
                    recipe.checkOptions(recipe.options().complete(one, ""));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        where() + d.name() + " value " + v + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * @return {@code value} in the canonical form of the setting {@code d} tunes
     * @throws IllegalArgumentException naming the dimension when the setting does not accept it
     */
    String normalise(Dimension d, String value) {
        try {
            return option(d).normalise(value, "");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where() + d.name() + " value " + value + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return the recipe the space belongs to
     */
    public Recipe recipe() {
        return recipe;
    }

    /**
     * @return the variant ("" without variants)
     */
    public String variant() {
        return variant;
    }

    /**
     * @return the dimensions, in declaration order
     */
    public List<Dimension> dimensions() {
        return dimensions;
    }

    /**
     * @return the dimensions by name
     */
    public Map<String, Dimension> byName() {
        Map<String, Dimension> out = new LinkedHashMap<>();
        dimensions.forEach(d -> out.put(d.name(), d));
        return out;
    }

    /**
     * @return e.g. {@code mla paper {lr: double [1.0E-4, 0.01] log, ...}}
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        dimensions.forEach(d -> parts.add(d.describe()));
        return recipe.id()
                + (variant.isEmpty() ? "" : " " + variant)
                + " {"
                + String.join(", ", parts)
                + "}";
    }

    @Override
    public String toString() {
        return describe();
    }
}
