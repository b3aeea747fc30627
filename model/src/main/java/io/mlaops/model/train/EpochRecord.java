package io.mlaops.model.train;

import java.util.Map;

/**
 * History entry of one finished epoch.
 *
 * @param epoch zero-based epoch
 * @param learningRate learning rate used in it
 * @param modalities per-modality train and validation numbers, in step order
 * @param validationFusedAccuracy validation accuracy of the equally weighted logit sum
 */
public record EpochRecord(
        int epoch,
        double learningRate,
        Map<String, ModalityEpochMetrics> modalities,
        double validationFusedAccuracy) {
    public EpochRecord {
        modalities =
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(modalities));
    }
}
