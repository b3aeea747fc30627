package io.mlaops.model.recipe;

import io.mlaops.model.options.OptionSet;
import io.mlaops.model.train.Trainer;
import io.mlaops.model.train.TrainerParts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A training method the platform compares: its variants, its options, its trainer (with the
 * gradient hook it plugs into the step), the evaluations that apply to its models, and the table
 * rows and paired comparisons it declares. Registered once in {@link Recipes}; the command line,
 * sweep specs, the sweep grid, the aggregator, MLflow params and the comparison page read it from
 * there, so adding a method touches nothing outside the model module.
 */
public interface Recipe {
    /**
     * @return stable id used in specs, cell keys and params (e.g. {@code mla})
     */
    String id();

    /**
     * @return the name rows start with (e.g. {@code MLA})
     */
    String title();

    /**
     * @return one line for help texts
     */
    String summary();

    /**
     * @return what a variant is, for messages (e.g. {@code HGM variant})
     */
    default String variantName() {
        return "variant";
    }

    /**
     * @return a short key naming this recipe's variants in specs and on the command line (MLA:
     *     {@code hgm}, so {@code hgm: [off, paper]} and {@code --hgm paper}); empty for none
     */
    default Optional<String> variantKey() {
        return Optional.empty();
    }

    /**
     * @return the variants (e.g. HGM off, paper, code); empty for a method without variants
     */
    default List<String> variants() {
        return List.of();
    }

    /**
     * @return the variant a single training uses when none is named ("" without variants)
     */
    default String defaultVariant() {
        return variants().isEmpty() ? "" : variants().get(0);
    }

    /**
     * @return the variants a sweep trains when the spec names none ({@code [""]} without variants)
     */
    default List<String> sweepVariants() {
        return variants().isEmpty() ? List.of("") : variants();
    }

    /**
     * @return whether a cell trains one modality (one cell per modality of the data set)
     */
    default boolean perModality() {
        return false;
    }

    /**
     * @return the recipe's own options; names are unique across recipes and trainer settings
     */
    default OptionSet options() {
        return OptionSet.NONE;
    }

    /**
     * Checks relations between option values (single values are checked by their specs).
     *
     * @param options the complete, canonical options
     * @throws IllegalArgumentException naming the options and what is expected
     */
    default void checkOptions(Map<String, String> options) {}

    /**
     * Checks the options against the trainer settings they run with (an epoch window against the
     * epochs); by default only {@link #checkOptions(Map)}.
     *
     * @param options the complete, canonical options
     * @param trainer the cell's trainer settings
     * @throws IllegalArgumentException naming the options, the setting and what is expected
     */
    default void checkOptions(
            Map<String, String> options, io.mlaops.model.train.TrainerConfig trainer) {
        checkOptions(options);
    }

    /**
     * @return the fusions its models are evaluated and tabled with (DF needs per-modality logits)
     */
    default Set<Fusion> fusions() {
        return EnumSet.allOf(Fusion.class);
    }

    /**
     * @return how each modality's own logits are read through the shared head
     */
    ModalityReadout readout();

    /**
     * @param parts the session's cell, network and manager
     * @return a new trainer for that session (owning its hook and any extra parameters)
     */
    Trainer trainer(TrainerParts parts);

    /**
     * @param variant a variant ("" without variants)
     * @param modality the modality of a per-modality recipe, else ""
     * @return the name of a trained configuration (e.g. {@code MLA, HGM paper}, {@code unimodal a})
     */
    default String label(String variant, String modality) {
        String s = title();
        if (!variant.isEmpty()) {
            s += " " + variant;
        }
        return modality.isEmpty() ? s : s + " " + modality;
    }

    /**
     * @return the rows one trained configuration contributes: one per fusion, the fixed one named
     *     by the label and the DF one with {@code + DF}
     */
    default List<TableRow> rows(String variant, String modality) {
        List<TableRow> out = new ArrayList<>();
        for (Fusion f : fusions()) {
            out.add(
                    new TableRow(
                            label(variant, modality) + (f == Fusion.DYNAMIC ? " + DF" : ""), f));
        }
        return out;
    }

    /**
     * @param variant a variant
     * @return the fusion of the row that stands for this configuration in the comparisons with the
     *     reference methods (joint training, MLA); empty to take no part
     */
    default Optional<Fusion> headline(String variant) {
        return Optional.of(Fusion.FIXED);
    }

    /**
     * The one metric its cells are selected by on validation: fused validation accuracy with this
     * fusion (by default the headline row's: MLA with HGM is selected with DF, every other
     * configuration with fixed fusion). Equal fixed weights and per-sample DF: selection does not
     * depend on the evaluation settings, so the selected epoch belongs to the cell.
     *
     * @param variant a variant
     * @return the fusion of the selection metric
     */
    default Fusion selectionFusion(String variant) {
        return headline(variant).orElse(Fusion.FIXED);
    }

    /**
     * The search space of this recipe's variant ({@link io.mlaops.model.tune.SearchSpace}): by
     * default the shared trainer settings' ({@link
     * io.mlaops.model.tune.TrainerSearchSpace#SHARED}); a recipe adds its own options. Validated
     * when the registry loads.
     *
     * @param variant a variant ("" without variants)
     * @return the dimensions
     */
    default List<io.mlaops.model.tune.Dimension> searchDimensions(String variant) {
        return io.mlaops.model.tune.TrainerSearchSpace.SHARED;
    }

    /**
     * @return the recipe whose cells this one combines, when it trains nothing of its own (the
     *     late-fusion ensemble combines the {@code unimodal} cells of the same seed and settings);
     *     empty for a recipe that trains
     */
    default Optional<String> combines() {
        return Optional.empty();
    }

    /**
     * @param variants the variants a sweep trained
     * @return paired comparisons within this recipe (e.g. HGM on vs off)
     */
    default List<Comparison> comparisons(Collection<String> variants) {
        return List.of();
    }

    /**
     * @param variants the variants a sweep trained
     * @return the row every other recipe's headline is compared with, if this recipe is a reference
     */
    default Optional<RowRef> reference(Collection<String> variants) {
        return Optional.empty();
    }
}
