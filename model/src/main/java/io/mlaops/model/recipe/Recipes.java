package io.mlaops.model.recipe;

import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of training methods: one registration line per recipe. Order is table order. Checked
 * when loaded: ids unique, and option names unique across recipes and distinct from the trainer
 * settings and the cell's own keys (so a spec's {@code trainer:} block and MLflow params stay one
 * flat namespace).
 */
public final class Recipes {
    /** Keys of a cell that are not trainer settings or recipe options. */
    static final Set<String> CELL_KEYS = Set.of("dataset", "recipe", "variant", "modality", "seed");

    /** The registrations, one line each (an array initialiser takes a trailing comma). */
    private static final Recipe[] REGISTERED = {
        new MlaRecipe(),
        new JointRecipe(),
        new UnimodalRecipe(),
        new io.mlaops.model.recipe.ensemble.EnsembleRecipe(),
        new io.mlaops.model.recipe.ogm.OgmRecipe(),
        new io.mlaops.model.recipe.mmpareto.MmParetoRecipe(),
    };

    private static final Map<String, Recipe> ALL = register(List.of(REGISTERED));

    private Recipes() {}

    private static Map<String, Recipe> register(List<Recipe> recipes) {
        Map<String, Recipe> out = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>(TrainerConfig.OPTIONS.names());
        names.addAll(CELL_KEYS);
        for (Recipe r : recipes) {
            if (!r.id().matches("[a-z][a-z0-9-]*") || out.put(r.id(), r) != null) {
                throw new IllegalStateException(
                        "recipe id '" + r.id() + "' is malformed or registered twice");
            }
            for (String v : r.variants()) {
                if (!v.matches("[a-z][a-z0-9-]*")) {
                    throw new IllegalStateException(
                            "recipe " + r.id() + " variant '" + v + "' is malformed");
                }
            }
            for (String v : r.variants().isEmpty() ? List.of("") : r.variants()) {
                try {
                    io.mlaops.model.tune.SearchSpace.of(r, v);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
            for (OptionSpec o : r.options().specs()) {
                if (!names.add(o.name())) {
                    throw new IllegalStateException(
                            "recipe "
                                    + r.id()
                                    + " option "
                                    + o.name()
                                    + " is declared elsewhere too");
                }
            }
        }
        return out;
    }

    /**
     * @return every recipe, in table order
     */
    public static List<Recipe> all() {
        return List.copyOf(ALL.values());
    }

    /**
     * @return every recipe id, in table order
     */
    public static List<String> ids() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * @param id a recipe id (as written in specs and on the command line)
     * @return the recipe
     * @throws IllegalArgumentException naming the allowed ids
     */
    public static Recipe get(String id) {
        Recipe r = ALL.get(id);
        if (r == null) {
            throw new IllegalArgumentException(
                    "unknown method '" + id + "': expected one of " + String.join(", ", ids()));
        }
        return r;
    }

    /**
     * @return the recipe that declares option {@code name}, or null
     */
    public static Recipe ownerOf(String name) {
        for (Recipe r : ALL.values()) {
            if (r.options().find(name) != null) {
                return r;
            }
        }
        return null;
    }

    /**
     * @return every recipe option, in registry order
     */
    public static List<OptionSpec> options() {
        List<OptionSpec> out = new ArrayList<>();
        ALL.values().forEach(r -> out.addAll(r.options().specs()));
        return out;
    }
}
