package io.mlaops.activities.evaluation;

import java.util.List;

/**
 * How a trained cell is scored on the test split: the same settings an evaluation activity takes,
 * for a training activity that scores its model while it is still in memory.
 *
 * @param fusionWeights fixed-fusion weights, empty = equal
 * @param dfVariant {@code sample} (the paper) or {@code batch} (public code)
 * @param missingFractions fractions of test samples without a modality for the missing grid
 * @param missingSeed seed choosing those samples
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationSettings(
        List<Double> fusionWeights,
        String dfVariant,
        List<Double> missingFractions,
        long missingSeed) {
    public EvaluationSettings {
        fusionWeights = List.copyOf(fusionWeights);
        missingFractions = List.copyOf(missingFractions);
    }

    /**
     * The key of this setting: a cell keeps one evaluation per setting, so a view that scores
     * differently (another DF variant, fusion weights or missing-modality grid) scores the same
     * trained model again instead of training it again.
     *
     * @return the first 16 hex digits of the SHA-256 of the setting's canonical text
     */
    public String key() {
        return io.mlaops.model.util.Sha256.hex(
                        String.format(
                                java.util.Locale.ROOT,
                                "weights=%s\ndf=%s\nmissing=%s\nmissing_seed=%d\n",
                                fusionWeights,
                                dfVariant,
                                missingFractions,
                                missingSeed))
                .substring(0, 16);
    }

    /**
     * Scores a session's models on the test split: the last epoch's and the one selected on
     * validation ({@link io.mlaops.model.train.TrainingSession#selection()}), each with its
     * missing-modality grid. The one place that turns these settings into the evaluation (the
     * training activity's in-memory scoring and the evaluation activity both call it).
     *
     * @param s a trained session
     * @return the last epoch's numbers with the selected epoch's as their {@link
     *     CellMetrics#selection()}
     */
    public CellMetrics score(io.mlaops.model.train.TrainingSession s) {
        return score(s, config());
    }

    /**
     * As {@link #score(io.mlaops.model.train.TrainingSession)} with fusion settings of the caller's
     * (another DF batch size).
     *
     * @param s a trained session
     * @param cfg the fusion settings
     * @return the last epoch's numbers with the selected epoch's as their {@link
     *     CellMetrics#selection()}
     */
    public CellMetrics score(
            io.mlaops.model.train.TrainingSession s, io.mlaops.model.eval.EvaluationConfig cfg) {
        CellMetrics last = score(s.lastModel(), cfg);
        io.mlaops.model.train.ModelSelection sel = s.selection();
        try (io.mlaops.model.train.TrainedModel m = s.selectedModel()) {
            CellMetrics selected = m == s.lastModel() ? last : score(m, cfg);
            return last.withSelection(SelectedMetrics.of(sel, selected));
        }
    }

    private CellMetrics score(
            io.mlaops.model.train.TrainedModel m, io.mlaops.model.eval.EvaluationConfig cfg) {
        double[] fractions = missingFractions.stream().mapToDouble(Double::doubleValue).toArray();
        // the test split's forward pass once, for the report and the grid
        io.mlaops.model.eval.SplitOutputs test = m.testOutputs();
        return CellMetrics.of(
                m.evaluate(cfg, test), m.missingGrid(cfg, test, fractions, missingSeed));
    }

    /**
     * @return the fusion settings as the model module takes them
     */
    public io.mlaops.model.eval.EvaluationConfig config() {
        return new io.mlaops.model.eval.EvaluationConfig(
                fusionWeights.stream().mapToDouble(Double::doubleValue).toArray(),
                io.mlaops.model.fusion.FusionMode.dynamic(dfVariant),
                64);
    }
}
