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
}
