package io.mlaops.activities.tracking;

import java.util.List;
import java.util.Map;

/**
 * One row of the ablation table: a trained configuration with one fusion, over seeds. The rows a
 * configuration contributes, and their labels, are declared by its recipe.
 *
 * @param dataset data set name
 * @param label the row's name (declared by the recipe, unique within the data set)
 * @param recipe recipe id
 * @param variant the recipe's variant ("" without variants)
 * @param modality the modality of a per-modality recipe, else ""
 * @param dynamicFusion whether the fused numbers use DF
 * @param headline whether this row stands for its configuration in the comparisons across methods
 * @param seeds number of seeds aggregated
 * @param fused fused accuracy, mean and std
 * @param macroF1 macro-F1, mean and std
 * @param modalityAccuracy per modality, mean and std
 * @param modalityGap mean and std
 * @param extra the recipe's own numbers (e.g. accuracy through MMPareto's own heads), mean and std
 *     by name
 * @param cells the keys of the cells aggregated, in seed order (labels: data set, method, variant,
 *     modality, seed)
 * @param slug the row's name for programs, {@code <data set>.<method>[.<variant>][.<modality>].
 *     fixed|df} (e.g. {@code av-digits.mla.paper.df}): MLflow metric keys start with it; "" in
 *     tables from before slugs
 * @param cellIds the content ids of those cells, aligned with {@code cells} (empty in tables from
 *     before the cell store)
 * @param perSeed the row's numbers per seed, aligned with {@code cells}: what a paired or pooled
 *     analysis needs ({@code --csv --per-seed})
 * @param fusedLastEpoch the fused accuracy of the same fusion at the cells' last epoch (the other
 *     numbers are at the epoch selected on validation); null in tables written before selection
 * @param selectedEpoch the selected epoch (1-based), mean and std over the cells that have one (NaN
 *     for an ensemble, whose members each have their own); null in older tables
 * @param lastEpochCells how many of the cells report their last epoch because nothing could be
 *     selected on validation (no validation split, or results of an older build)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record AblationRow(
        String dataset,
        String label,
        String recipe,
        String variant,
        String modality,
        boolean dynamicFusion,
        boolean headline,
        int seeds,
        Stat fused,
        Stat macroF1,
        Map<String, Stat> modalityAccuracy,
        Stat modalityGap,
        Map<String, Stat> extra,
        List<String> cells,
        String slug,
        List<String> cellIds,
        List<SeedValue> perSeed,
        Stat fusedLastEpoch,
        Stat selectedEpoch,
        int lastEpochCells) {
    public AblationRow {
        modalityAccuracy = Map.copyOf(modalityAccuracy);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        cells = cells == null ? List.of() : List.copyOf(cells);
        slug = slug == null ? "" : slug;
        cellIds = cellIds == null ? List.of() : List.copyOf(cellIds);
        perSeed = perSeed == null ? List.of() : List.copyOf(perSeed);
        fusedLastEpoch = fusedLastEpoch == null ? NONE : fusedLastEpoch;
        selectedEpoch = selectedEpoch == null ? NONE : selectedEpoch;
    }

    /**
     * One seed of a row.
     *
     * @param seed the seed
     * @param cellKey the cell's key
     * @param cellId the cell's content id ("" before the cell store)
     * @param fused fused accuracy under the row's fusion
     * @param macroF1 macro-F1 under the row's fusion
     * @param modalityAccuracy each modality's own accuracy
     * @param modalityGap modality gap
     * @param extra the recipe's own numbers
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record SeedValue(
            long seed,
            String cellKey,
            String cellId,
            double fused,
            double macroF1,
            Map<String, Double> modalityAccuracy,
            double modalityGap,
            Map<String, Double> extra) {
        public SeedValue {
            cellId = cellId == null ? "" : cellId;
            modalityAccuracy = modalityAccuracy == null ? Map.of() : Map.copyOf(modalityAccuracy);
            extra = extra == null ? Map.of() : Map.copyOf(extra);
        }
    }

    /** A statistic that was not computed. */
    public static final Stat NONE = new Stat(Double.NaN, Double.NaN);

    /**
     * @param mean arithmetic mean
     * @param std sample standard deviation
     */
    public record Stat(double mean, double std) {}
}
