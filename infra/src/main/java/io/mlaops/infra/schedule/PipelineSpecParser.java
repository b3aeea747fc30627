package io.mlaops.infra.schedule;

import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.infra.sweep.SpecContext;
import io.mlaops.infra.sweep.SpecReader;
import io.mlaops.model.data.kinds.DatasetContext;
import io.mlaops.model.data.kinds.DatasetKinds;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Fusion;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.Recipes;
import io.mlaops.workflows.promotion.PipelineSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates a named pipeline spec (YAML) as completely as a sweep spec (same data set,
 * trainer and method checks), before anything is scheduled:
 *
 * <pre>
 * name: nightly
 * dataset: {name: av-digits, kind: av-digits, options: {seed: 0}}
 * method: mla            # a method of the registry; unimodal needs modality:
 * hgm: paper             # the method's variant (or variant: paper)
 * seed: 0
 * trainer: {epochs: 20}
 * model: mla-av-digits   # registered model whose alias 'champion' the pipeline maintains
 * metric: dynamic        # or fixed (dynamic needs a method with DF)
 * margin: 0.005          # required improvement (accuracy units)
 * heartbeat_seconds: 60
 * </pre>
 */
public final class PipelineSpecParser {
    private static final Set<String> KEYS =
            Set.of(
                    "name",
                    "dataset",
                    "method",
                    "variant",
                    "modality",
                    "seed",
                    "trainer",
                    "model",
                    "metric",
                    "margin",
                    "heartbeat_seconds");

    private PipelineSpecParser() {}

    /**
     * @param yaml the text
     * @param context data set kinds workers can stage and the home folder
     * @return the validated spec
     * @throws IllegalArgumentException naming the first problem
     */
    public static PipelineSpec parse(String yaml, SpecContext context) {
        DatasetKinds kinds = context.kinds();
        DatasetContext ctx = context.home();
        SpecReader in = SpecReader.of(yaml, "pipeline spec");
        Map<String, Object> m = in.map(in.root(), "");
        Set<String> keys = new TreeSet<>(KEYS);
        Map<String, Recipe> byVariantKey = new LinkedHashMap<>();
        for (Recipe r : Recipes.all()) {
            r.variantKey()
                    .ifPresent(
                            k -> {
                                keys.add(k);
                                byVariantKey.put(k, r);
                            });
        }
        in.unknownKeys(m, keys, "");
        String name = in.name(m.get("name"), "name");
        if (m.get("dataset") == null) {
            throw in.error(
                    "dataset", "dataset: missing, expected {name: ..., kind: ..., options: {...}}");
        }
        Map<String, List<String>> modalities = new LinkedHashMap<>();
        DatasetSource source = in.dataset(m.get("dataset"), "dataset", kinds, ctx, modalities);
        String method = m.containsKey("method") ? in.string(m.get("method"), "method") : "mla";
        Recipe r;
        try {
            r = Recipes.get(method);
        } catch (IllegalArgumentException e) {
            throw in.error("method", "method: " + e.getMessage());
        }
        String variant = r.defaultVariant();
        if (m.containsKey("variant")) {
            variant = in.string(m.get("variant"), "variant");
        }
        for (Map.Entry<String, Recipe> e : byVariantKey.entrySet()) {
            if (m.containsKey(e.getKey())) {
                if (e.getValue() != r || m.containsKey("variant")) {
                    throw in.error(
                            e.getKey(),
                            e.getKey()
                                    + ": applies to method "
                                    + e.getValue().id()
                                    + " (and instead of variant:), not "
                                    + method);
                }
                variant = in.string(m.get(e.getKey()), e.getKey());
            }
        }
        String modality = m.containsKey("modality") ? in.string(m.get("modality"), "modality") : "";
        List<String> mods = modalities.get(source.name());
        if (!modality.isEmpty() && !mods.contains(modality)) {
            throw in.error(
                    "modality",
                    "modality '" + modality + "': data set '" + source.name() + "' has " + mods);
        }
        Object seedValue = m.getOrDefault("seed", 0);
        if (!(seedValue instanceof Integer || seedValue instanceof Long)) {
            throw in.error("seed", "seed '" + seedValue + "': expected an integer");
        }
        SpecReader.Trainer trainer = in.trainer(m.get("trainer"), "trainer");
        in.modalityOrder(trainer.config(), modalities, "trainer");
        for (String option : trainer.options().keySet()) {
            Recipe owner = Recipes.ownerOf(option);
            if (owner != null && owner != r) {
                throw in.error(
                        "trainer." + option,
                        "trainer."
                                + option
                                + ": an option of method "
                                + owner.id()
                                + ", not of "
                                + method
                                + " (it would be ignored)");
            }
        }
        CellSpec cell;
        try {
            cell =
                    CellSpec.of(
                            source.name(),
                            method,
                            variant,
                            modality,
                            ((Number) seedValue).longValue(),
                            trainer.config(),
                            trainer.options());
        } catch (IllegalArgumentException e) {
            throw in.error("method", e.getMessage());
        }
        String metric = m.containsKey("metric") ? in.string(m.get("metric"), "metric") : "dynamic";
        if (!metric.equals("dynamic") && !metric.equals("fixed")) {
            throw in.error("metric", "metric '" + metric + "': expected dynamic or fixed");
        }
        if (metric.equals("dynamic") && !r.fusions().contains(Fusion.DYNAMIC)) {
            throw in.error(
                    "metric",
                    "metric dynamic: method " + method + " has no dynamic fusion: expected fixed");
        }
        Object marginValue = m.getOrDefault("margin", 0.0);
        if (!(marginValue instanceof Number margin) || !Double.isFinite(margin.doubleValue())) {
            throw in.error(
                    "margin",
                    "margin '" + marginValue + "': expected a number (accuracy units, e.g. 0.005)");
        }
        int heartbeat =
                in.integer(m.getOrDefault("heartbeat_seconds", 60), "heartbeat_seconds", 5, 3600);
        String model = in.string(m.get("model"), "model");
        try {
            // checked now, not when the first promotion registers it
            io.mlaops.infra.sweep.SpecLimits.modelName("model", model);
        } catch (IllegalArgumentException e) {
            throw in.error("model", e.getMessage());
        }
        return new PipelineSpec(name, source, cell, model, metric, margin.doubleValue(), heartbeat);
    }
}
