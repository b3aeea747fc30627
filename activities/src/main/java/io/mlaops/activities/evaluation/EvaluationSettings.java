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
     * Scores a session's model on the test split: the one place that turns these settings into the
     * evaluation (the training activity's in-memory scoring and the evaluation activity both call
     * it).
     *
     * @param s a trained session
     * @return the test report and the missing-modality grid
     */
    public CellMetrics score(io.mlaops.model.train.TrainingSession s) {
        io.mlaops.model.eval.EvaluationConfig cfg =
                new io.mlaops.model.eval.EvaluationConfig(
                        fusionWeights.stream().mapToDouble(Double::doubleValue).toArray(),
                        io.mlaops.model.fusion.FusionMode.dynamic(dfVariant),
                        64);
        double[] fractions = missingFractions.stream().mapToDouble(Double::doubleValue).toArray();
        // the test split's forward pass once, for the report and the grid
        io.mlaops.model.eval.SplitOutputs test = s.testOutputs();
        return CellMetrics.of(
                s.evaluate(cfg, test), s.missingGrid(cfg, test, fractions, missingSeed));
    }
}
