package io.mlaops.workflows.sweep;

import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.Recipes;
import io.mlaops.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sweep trains: data sets x recipes (with their variants) x seeds (DF is evaluated on every
 * trained model, so it needs no cells of its own). Validated when read (infra), so the workflow
 * trusts it; every cell is a {@link CellSpec}, validated again when built.
 *
 * @param name sweep name (the tracker experiment)
 * @param datasets data sets, each staged once (options complete and canonical)
 * @param recipes recipes in the order given, each with its variants
 * @param seeds training seeds
 * @param trainer the trainer settings every cell shares
 * @param options recipe options given by the spec (each cell takes its own recipe's)
 * @param maxParallel cells in flight at most
 * @param dfVariant sample or batch
 * @param fusionWeights fixed-fusion weights, empty = equal
 * @param missingFractions fractions for the missing-modality grid
 * @param heartbeatSeconds training heartbeat timeout
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepSpec(
        String name,
        List<DatasetSource> datasets,
        List<RecipeChoice> recipes,
        List<Long> seeds,
        TrainerConfig trainer,
        Map<String, String> options,
        int maxParallel,
        String dfVariant,
        List<Double> fusionWeights,
        List<Double> missingFractions,
        int heartbeatSeconds) {
    public SweepSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(trainer);
        datasets = List.copyOf(datasets);
        recipes = List.copyOf(recipes);
        seeds = List.copyOf(seeds);
        options = Map.copyOf(options);
        fusionWeights = List.copyOf(fusionWeights);
        missingFractions = List.copyOf(missingFractions);
    }

    /**
     * The grid, in a fixed order: per data set, per seed, per recipe (in spec order), per variant,
     * and for a per-modality recipe per modality of the data set.
     *
     * @param modalities modality names per data set name (of the staged data, or as declared by the
     *     kind)
     * @return every cell
     */
    public List<CellSpec> cells(Map<String, List<String>> modalities) {
        List<CellSpec> out = new ArrayList<>();
        for (DatasetSource d : datasets) {
            for (long seed : seeds) {
                for (RecipeChoice c : recipes) {
                    Recipe r = Recipes.get(c.recipe());
                    for (String v : c.variants()) {
                        for (String m : r.perModality() ? modalities.get(d.name()) : List.of("")) {
                            out.add(CellSpec.of(d.name(), r.id(), v, m, seed, trainer, options));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * @return the grid over staged data sets (their modalities)
     */
    public List<CellSpec> cellsOf(Map<String, StagedDataset> staged) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        staged.forEach((k, v) -> m.put(k, v.modalities()));
        return cells(m);
    }
}
