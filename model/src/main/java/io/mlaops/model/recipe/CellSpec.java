package io.mlaops.model.recipe;

import io.mlaops.model.options.OptionSet;
import io.mlaops.model.train.TrainerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One trained configuration from the spec to the trainer: data set, recipe, variant, modality,
 * seed, trainer settings and the recipe's options. A plain value: constructing one (as Temporal
 * does when it deserialises a payload, up to several times per cell) consults nothing, so a
 * recorded history replays whatever the registry says today. {@link #validate()} checks it against
 * the {@link Recipes} registry and completes the recipe's options with their defaults; it runs
 * where input is read ({@link #of}, {@link #fromParams}, the spec parsers, the command line) and
 * where a session is made, never while a payload is deserialised. Its {@link #key()} is a readable
 * label; what identifies a trained cell is its content id ({@link
 * io.mlaops.model.cell.CellIdentity}). {@link #params()} is its one flat text form (MLflow params,
 * checkpoints), read back by {@link #fromParams}.
 *
 * @param dataset data set name (letters, digits, '_' or '-'); a label, not part of the content id
 * @param recipe recipe id
 * @param variant the recipe's variant ("" for a recipe without variants)
 * @param modality the modality of a per-modality recipe (unimodal), else ""
 * @param seed seed of initialisation, shuffling, dropout and any recipe randomness
 * @param trainer the shared trainer settings
 * @param options the recipe's options (canonical and complete once validated)
 */
public record CellSpec(
        String dataset,
        String recipe,
        String variant,
        String modality,
        long seed,
        TrainerConfig trainer,
        Map<String, String> options) {
    /** Allowed data set, variant and modality names: usable in workflow ids and object keys. */
    public static final String NAME = "[A-Za-z0-9_-]+";

    /** Fills absent texts and copies the options; checks nothing (see {@link #validate()}). */
    public CellSpec {
        variant = variant == null ? "" : variant;
        modality = modality == null ? "" : modality;
        options =
                options == null
                        ? Map.of()
                        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Checks the cell against the recipe registry and completes the recipe's options.
     *
     * @return the same cell with its recipe's options complete and canonical
     * @throws IllegalArgumentException naming the first problem and what is allowed
     */
    public CellSpec validate() {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(trainer, "trainer");
        if (!dataset.matches(NAME)) {
            throw new IllegalArgumentException(
                    "data set name '" + dataset + "': expected letters, digits, '_' or '-'");
        }
        Recipe r = Recipes.get(Objects.requireNonNull(recipe, "recipe"));
        if (r.variants().isEmpty() && !variant.isEmpty()) {
            throw new IllegalArgumentException(
                    "method " + recipe + " has no variants, but '" + variant + "' was given");
        }
        if (!r.variants().isEmpty() && !r.variants().contains(variant)) {
            throw new IllegalArgumentException(
                    "unknown "
                            + r.variantName()
                            + " '"
                            + variant
                            + "' of method "
                            + recipe
                            + ": expected one of "
                            + String.join(", ", r.variants()));
        }
        if (r.perModality() && modality.isEmpty()) {
            throw new IllegalArgumentException(
                    "method "
                            + recipe
                            + " trains one modality: name it (expected one of the data set's modalities)");
        }
        if (!r.perModality() && !modality.isEmpty()) {
            throw new IllegalArgumentException(
                    "a modality ('"
                            + modality
                            + "') is only allowed with a per-modality method (unimodal), not "
                            + recipe);
        }
        if (!modality.isEmpty() && !modality.matches(NAME)) {
            throw new IllegalArgumentException(
                    "modality '" + modality + "': expected letters, digits, '_' or '-'");
        }
        Map<String, String> complete = r.options().complete(options, "");
        r.checkOptions(complete, trainer);
        return new CellSpec(dataset, recipe, variant, modality, seed, trainer, complete);
    }

    /**
     * A cell of a recipe from settings shared by several recipes: the recipe takes its own options
     * from {@code sharedOptions} and ignores the others'.
     *
     * @param sharedOptions recipe options by name, of any recipes
     * @return the validated cell
     * @throws IllegalArgumentException naming the first problem
     */
    public static CellSpec of(
            String dataset,
            String recipe,
            String variant,
            String modality,
            long seed,
            TrainerConfig trainer,
            Map<String, String> sharedOptions) {
        OptionSet own = Recipes.get(recipe).options();
        Map<String, String> mine = new LinkedHashMap<>();
        sharedOptions.forEach(
                (k, v) -> {
                    if (own.find(k) != null) {
                        mine.put(k, v);
                    }
                });
        return new CellSpec(dataset, recipe, variant, modality, seed, trainer, mine).validate();
    }

    /**
     * @return the recipe
     */
    public Recipe definition() {
        return Recipes.get(recipe);
    }

    /**
     * @return {@code dataset.recipe[.variant][.modality].sN}: stable, usable in ids and object keys
     */
    public String key() {
        return dataset
                + "."
                + recipe
                + (variant.isEmpty() ? "" : "." + variant)
                + (modality.isEmpty() ? "" : "." + modality)
                + ".s"
                + seed;
    }

    /**
     * @return the configuration's name, e.g. {@code MLA, HGM paper} or {@code unimodal a}
     */
    public String label() {
        return definition().label(variant, modality);
    }

    /**
     * @return a copy with another seed
     */
    public CellSpec withSeed(long s) {
        return new CellSpec(dataset, recipe, variant, modality, s, trainer, options);
    }

    /**
     * The one flat text form: the cell's coordinates ({@code dataset, recipe, variant, modality,
     * seed}), then the trainer settings, then the recipe's options.
     *
     * @return the parameters
     */
    public Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("dataset", dataset);
        p.put("recipe", recipe);
        p.put("variant", variant);
        p.put("modality", modality);
        p.put("seed", Long.toString(seed));
        p.putAll(trainer.toParams());
        p.putAll(options);
        return p;
    }

    /**
     * @param p parameters as written by {@link #params()}
     * @return the validated cell
     * @throws IllegalArgumentException for a missing or unknown key or a bad value
     */
    public static CellSpec fromParams(Map<String, String> p) {
        for (String k : Recipes.CELL_KEYS) {
            if (!p.containsKey(k)) {
                throw new IllegalArgumentException("cell description lacks '" + k + "'");
            }
        }
        Recipe r = Recipes.get(p.get("recipe"));
        Map<String, String> trainer = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : p.entrySet()) {
            if (Recipes.CELL_KEYS.contains(e.getKey())) {
                continue;
            }
            if (r.options().find(e.getKey()) != null) {
                options.put(e.getKey(), e.getValue());
            } else {
                trainer.put(e.getKey(), e.getValue());
            }
        }
        long seed;
        try {
            seed = Long.parseLong(p.get("seed"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed '" + p.get("seed") + "': expected an integer");
        }
        return new CellSpec(
                        p.get("dataset"),
                        r.id(),
                        p.get("variant"),
                        p.get("modality"),
                        seed,
                        TrainerConfig.fromParams(trainer),
                        options)
                .validate();
    }
}
