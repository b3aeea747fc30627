package io.mlaops.activities.evaluation;

import io.mlaops.activities.staging.StagedDataset;
import java.util.List;
import java.util.Objects;

/**
 * Scoring of a trained cell on the test split.
 *
 * @param cellKey the cell
 * @param dataset the staged data set
 * @param checkpointKey the trained model's checkpoint
 * @param fusionWeights fixed-fusion weights, empty = equal
 * @param dfVariant {@code sample} (the paper) or {@code batch} (public code)
 * @param missingFractions fractions of test samples without a modality for the missing grid
 * @param missingSeed seed choosing those samples
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationRequest(
        String cellKey,
        StagedDataset dataset,
        String checkpointKey,
        List<Double> fusionWeights,
        String dfVariant,
        List<Double> missingFractions,
        long missingSeed) {
    public EvaluationRequest {
        Objects.requireNonNull(checkpointKey, "checkpointKey");
        fusionWeights = List.copyOf(fusionWeights);
        missingFractions = List.copyOf(missingFractions);
    }
}
