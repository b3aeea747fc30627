package io.mlaops.infra.sweep;

import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.model.data.kinds.DatasetContext;
import io.mlaops.model.data.kinds.DatasetKinds;
import io.mlaops.model.fusion.FusionMode;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.Recipes;
import io.mlaops.model.util.Sha256;
import io.mlaops.workflows.sweep.RecipeChoice;
import io.mlaops.workflows.sweep.SweepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads and validates a sweep spec (YAML) completely, as the workers would, before anything starts:
 * every data set's kind and options (a folder must hold a data set), every method and variant,
 * every trainer setting and recipe option, the evaluation settings against each data set's
 * modalities, and finally every cell of the grid. Each problem is one {@link SpecException} naming
 * the key, its line and what is allowed:
 *
 * <pre>
 * name: ablation-demo
 * datasets:
 *   - {name: synthetic, kind: synthetic, options: {seed: 0}}
 * methods: [mla, joint, unimodal]      # recipes of the registry
 * variants: {mla: [off, paper]}        # optional; default: each method's sweep variants
 * hgm: [off, paper]                    # shorthand for variants.mla (a method's variant key)
 * seeds: 3                             # or a list: [0, 1, 2]
 * max_parallel: 2
 * trainer: {epochs: 20, lr: 0.001, hgm_alpha: 1.0}   # trainer settings and any method's options
 * evaluation: {df: sample, fusion_weights: [], missing_fractions: [0.25, 0.5]}
 * heartbeat_seconds: 60
 * </pre>
 */
public final class SweepSpecParser {
    private static final Set<String> TOP =
            Set.of(
                    "name",
                    "datasets",
                    "methods",
                    "variants",
                    "seeds",
                    "max_parallel",
                    "trainer",
                    "evaluation",
                    "heartbeat_seconds");
    private static final Set<String> EVALUATION =
            Set.of("df", "fusion_weights", "missing_fractions");

    private SweepSpecParser() {}

    /**
     * @param yaml spec text
     * @param context data set kinds the workers can stage and the home folder (folders are looked
     *     up as the worker would)
     * @return the validated spec
     * @throws SpecException naming the first problem
     */
    public static SweepSpec parse(String yaml, SpecContext context) {
        DatasetKinds kinds = context.kinds();
        DatasetContext ctx = context.home();
        SpecReader in = SpecReader.of(yaml, "spec");
        Map<String, Object> m = in.map(in.root(), "");
        Set<String> top = new TreeSet<>(TOP);
        Map<String, Recipe> byVariantKey = new LinkedHashMap<>();
        for (Recipe r : Recipes.all()) {
            r.variantKey()
                    .ifPresent(
                            k -> {
                                top.add(k);
                                byVariantKey.put(k, r);
                            });
        }
        in.unknownKeys(m, top, "");
        String name = in.name(m.get("name"), "name");
        Map<String, List<String>> modalities = new LinkedHashMap<>();
        List<DatasetSource> datasets = datasets(in, m.get("datasets"), kinds, ctx, modalities);
        List<String> methods = in.strings(m.get("methods"), "methods");
        for (String method : methods) {
            Recipe named;
            try {
                named = Recipes.get(method);
            } catch (IllegalArgumentException e) {
                throw in.error("methods", "methods: " + e.getMessage());
            }
            if (named.combines().isPresent()) {
                // the sweep trains cells; an ensemble is evaluated from its members (mla ablate)
                throw in.error(
                        "methods",
                        "methods: "
                                + method
                                + " trains nothing of its own and sweeps do not evaluate it yet:"
                                + " 'mla ablate' adds it to a table with "
                                + named.combines().get()
                                + " rows");
            }
        }
        Map<String, List<String>> variants = variants(in, m, methods, byVariantKey);
        List<RecipeChoice> recipes = new ArrayList<>();
        for (String method : methods) {
            Recipe r = Recipes.get(method);
            List<String> v = variants.getOrDefault(method, r.sweepVariants());
            if (v.isEmpty()) {
                throw in.error(
                        "variants",
                        "variants." + method + ": empty: expected at least one of " + r.variants());
            }
            recipes.add(new RecipeChoice(method, v));
        }
        List<Long> seeds = seeds(in, m.get("seeds"));
        int maxParallel = in.integer(m.getOrDefault("max_parallel", 2), "max_parallel", 1, 1000);
        int heartbeat =
                in.integer(m.getOrDefault("heartbeat_seconds", 60), "heartbeat_seconds", 5, 3600);
        SpecReader.Trainer trainer = in.trainer(m.get("trainer"), "trainer");
        in.modalityOrder(trainer.config(), modalities, "trainer");
        for (String option : trainer.options().keySet()) {
            Recipe owner = Recipes.ownerOf(option);
            if (owner != null && !methods.contains(owner.id())) {
                throw in.error(
                        "trainer." + option,
                        "trainer."
                                + option
                                + ": an option of method "
                                + owner.id()
                                + ", which methods "
                                + methods
                                + " does not train (it would be ignored): drop it, or add "
                                + owner.id());
            }
        }
        Map<String, Object> eval =
                m.get("evaluation") == null ? Map.of() : in.map(m.get("evaluation"), "evaluation");
        in.unknownKeys(eval, EVALUATION, "evaluation");
        String df = eval.containsKey("df") ? in.string(eval.get("df"), "evaluation.df") : "sample";
        if (!FusionMode.DF_VARIANTS.contains(df)) {
            throw in.error(
                    "evaluation.df",
                    "evaluation.df '" + df + "': expected one of " + FusionMode.DF_VARIANTS);
        }
        List<Double> weights = in.doubles(eval.get("fusion_weights"), "evaluation.fusion_weights");
        for (double w : weights) {
            if (w < 0) {
                throw in.error(
                        "evaluation.fusion_weights",
                        "evaluation.fusion_weights: " + w + " is negative: expected weights >= 0");
            }
        }
        if (!weights.isEmpty() && weights.stream().allMatch(w -> w == 0)) {
            throw in.error(
                    "evaluation.fusion_weights",
                    "evaluation.fusion_weights: all 0 (every fused logit would be 0, a constant"
                            + " guess): expected at least one weight > 0");
        }
        if (!weights.isEmpty()) {
            for (Map.Entry<String, List<String>> e : modalities.entrySet()) {
                if (e.getValue().size() != weights.size()) {
                    throw in.error(
                            "evaluation.fusion_weights",
                            "evaluation.fusion_weights: "
                                    + weights.size()
                                    + " weights, but data set '"
                                    + e.getKey()
                                    + "' has "
                                    + e.getValue().size()
                                    + " modalities "
                                    + e.getValue()
                                    + ": expected one weight per modality");
                }
            }
        }
        List<Double> missing =
                in.doubles(eval.get("missing_fractions"), "evaluation.missing_fractions");
        for (double f : missing) {
            if (!(f >= 0 && f <= 1)) {
                throw in.error(
                        "evaluation.missing_fractions",
                        "evaluation.missing_fractions: " + f + " is outside 0..1");
            }
        }
        if (datasets.isEmpty() || methods.isEmpty() || seeds.isEmpty()) {
            throw in.error(
                    "",
                    "the grid is empty: expected at least one data set, one method and one seed");
        }
        SweepSpec spec =
                new SweepSpec(
                        name,
                        datasets,
                        recipes,
                        seeds,
                        trainer.config(),
                        trainer.options(),
                        maxParallel,
                        df,
                        weights,
                        missing,
                        heartbeat);
        // counted before a cell is built: a grid of millions would take the validation itself down
        long count = 0;
        for (DatasetSource d : datasets) {
            for (RecipeChoice c : recipes) {
                Recipe r = Recipes.get(c.recipe());
                count +=
                        (long) Math.max(1, c.variants().size())
                                * (r.perModality() ? modalities.get(d.name()).size() : 1)
                                * seeds.size();
            }
        }
        try {
            SpecLimits.cells("the grid (data sets x methods x variants x seeds)", count);
        } catch (IllegalArgumentException e) {
            throw in.error("seeds", e.getMessage());
        }
        // every cell must build, as the worker will build it (modalities as each kind declares
        // them), and fit Temporal's and MLflow's limits on ids, names and params
        try {
            List<CellSpec> cells = spec.cells(modalities);
            if (cells.isEmpty()) {
                throw in.error("", "the grid is empty: expected at least one cell");
            }
            String sweepId = sweepId(spec);
            for (CellSpec c : cells) {
                serviceLimits(in, sweepId, c);
            }
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw in.error("", "spec: " + e.getMessage());
        }
        return spec;
    }

    /**
     * @return the sweep id: the spec's name and a hash of its content, so the same spec is one
     *     sweep
     */
    public static String sweepId(SweepSpec spec) {
        StringBuilder ds = new StringBuilder();
        for (DatasetSource d : spec.datasets()) {
            ds.append(d.name())
                    .append('=')
                    .append(d.kind())
                    .append(new TreeMap<>(d.options()))
                    .append(';');
        }
        String canonical =
                spec.name()
                        + "|"
                        + ds
                        + "|"
                        + spec.recipes()
                        + "|"
                        + spec.seeds()
                        + "|"
                        + new TreeMap<>(spec.trainer().toParams())
                        + "|"
                        + new TreeMap<>(spec.options())
                        + "|"
                        + spec.dfVariant()
                        + "|"
                        + spec.fusionWeights()
                        + "|"
                        + spec.missingFractions();
        return "sweep-" + spec.name() + "-" + Sha256.hex(canonical).substring(0, 12);
    }

    private static List<DatasetSource> datasets(
            SpecReader in,
            Object o,
            DatasetKinds kinds,
            DatasetContext ctx,
            Map<String, List<String>> modalities) {
        if (o == null) {
            throw in.error(
                    "datasets",
                    "datasets: missing, expected a list like [{name: synthetic, kind: synthetic}]");
        }
        if (!(o instanceof List<?> list)) {
            throw in.error("datasets", "datasets: expected a list");
        }
        if (list.size() > SpecLimits.DATASETS) {
            throw in.error(
                    "datasets",
                    "datasets: "
                            + list.size()
                            + " data sets, expected at most "
                            + SpecLimits.DATASETS
                            + " per sweep");
        }
        List<DatasetSource> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "datasets[" + i + "]";
            Map<String, List<String>> mods = new LinkedHashMap<>();
            DatasetSource d = in.dataset(list.get(i), where, kinds, ctx, mods);
            for (DatasetSource prev : out) {
                if (prev.name().equals(d.name())) {
                    throw in.error(
                            where + ".name", where + ".name '" + d.name() + "' is used twice");
                }
            }
            modalities.putAll(mods);
            out.add(d);
        }
        return out;
    }

    private static Map<String, List<String>> variants(
            SpecReader in,
            Map<String, Object> m,
            List<String> methods,
            Map<String, Recipe> byVariantKey) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (m.get("variants") != null) {
            Map<String, Object> v = in.map(m.get("variants"), "variants");
            for (Map.Entry<String, Object> e : v.entrySet()) {
                put(
                        in,
                        out,
                        e.getKey(),
                        in.strings(e.getValue(), "variants." + e.getKey()),
                        "variants." + e.getKey(),
                        methods);
            }
        }
        for (Map.Entry<String, Recipe> e : byVariantKey.entrySet()) {
            if (m.containsKey(e.getKey())) {
                String id = e.getValue().id();
                if (out.containsKey(id)) {
                    throw in.error(
                            e.getKey(),
                            e.getKey()
                                    + ": the variants of "
                                    + id
                                    + " are also given under variants."
                                    + id
                                    + ": expected one of the two");
                }
                put(in, out, id, in.strings(m.get(e.getKey()), e.getKey()), e.getKey(), methods);
            }
        }
        return out;
    }

    private static void put(
            SpecReader in,
            Map<String, List<String>> out,
            String method,
            List<String> variants,
            String where,
            List<String> methods) {
        Recipe r;
        try {
            r = Recipes.get(method);
        } catch (IllegalArgumentException e) {
            throw in.error(where, where + ": " + e.getMessage());
        }
        if (!methods.contains(method)) {
            throw in.error(where, where + ": method " + method + " is not in methods " + methods);
        }
        if (r.variants().isEmpty()) {
            throw in.error(where, where + ": method " + method + " has no variants");
        }
        for (String v : variants) {
            if (!r.variants().contains(v)) {
                throw in.error(
                        where,
                        where
                                + ": unknown "
                                + r.variantName()
                                + " '"
                                + v
                                + "', expected one of "
                                + String.join(", ", r.variants()));
            }
        }
        out.put(method, variants);
    }

    /**
     * Checks one cell's workflow id, MLflow run name and params against Temporal's and MLflow's
     * limits (the sweep would otherwise start and then fail on them, retrying).
     */
    private static void serviceLimits(SpecReader in, String sweepId, CellSpec c) {
        String workflowId = sweepId + "." + c.key();
        if (workflowId.length() > SpecLimits.TEMPORAL_ID_LENGTH) {
            throw in.error(
                    "",
                    "cell "
                            + c.key()
                            + ": its workflow id would be "
                            + workflowId.length()
                            + " characters: Temporal takes at most "
                            + SpecLimits.TEMPORAL_ID_LENGTH
                            + " (shorter names)");
        }
        if (c.key().length() > SpecLimits.MLFLOW_KEY_LENGTH) {
            throw in.error(
                    "",
                    "cell "
                            + c.key().substring(0, 40)
                            + "...: its MLflow run name would be "
                            + c.key().length()
                            + " characters: MLflow takes at most "
                            + SpecLimits.MLFLOW_KEY_LENGTH
                            + " (shorter names)");
        }
        for (Map.Entry<String, String> p : c.params().entrySet()) {
            if (p.getValue().length() > SpecLimits.MLFLOW_PARAM_VALUE_LENGTH) {
                throw in.error(
                        "trainer." + p.getKey(),
                        p.getKey()
                                + ": "
                                + p.getValue().length()
                                + " characters as an MLflow param: MLflow takes at most "
                                + SpecLimits.MLFLOW_PARAM_VALUE_LENGTH);
            }
        }
    }

    private static List<Long> seeds(SpecReader in, Object o) {
        if (o == null) {
            throw in.error("seeds", "seeds: missing, expected a count (e.g. 3) or a list of seeds");
        }
        if (o instanceof Integer n) {
            if (n < 1 || n > SpecLimits.SEEDS) {
                throw in.error(
                        "seeds", "seeds: " + n + ", expected a count 1.." + SpecLimits.SEEDS);
            }
            List<Long> s = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                s.add(i);
            }
            return s;
        }
        if (o instanceof List<?> l) {
            if (l.size() > SpecLimits.SEEDS) {
                throw in.error(
                        "seeds",
                        "seeds: a list of " + l.size() + ", expected at most " + SpecLimits.SEEDS);
            }
            List<Long> s = new ArrayList<>();
            for (Object x : l) {
                if (!(x instanceof Integer || x instanceof Long)) {
                    throw in.error("seeds", "seeds: '" + x + "' is not an integer");
                }
                long v = ((Number) x).longValue();
                if (s.contains(v)) {
                    throw in.error("seeds", "seeds: " + x + " is listed twice");
                }
                s.add(v);
            }
            return s;
        }
        throw in.error("seeds", "seeds: '" + o + "', expected a count or a list of integers");
    }
}
