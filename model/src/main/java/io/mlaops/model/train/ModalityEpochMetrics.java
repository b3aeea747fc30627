package io.mlaops.model.train;

/**
 * One modality's numbers for one epoch (its own prediction through the shared head).
 *
 * @param modality modality name
 * @param trainLoss mean cross-entropy over the epoch's training steps
 * @param trainAccuracy accuracy over the epoch's training batches
 * @param validationLoss mean cross-entropy on the validation split
 * @param validationAccuracy accuracy on the validation split
 */
public record ModalityEpochMetrics(
        String modality,
        double trainLoss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy) {}
