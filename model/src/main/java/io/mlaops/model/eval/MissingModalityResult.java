package io.mlaops.model.eval;

/**
 * Accuracy when a fraction of the test samples lacks one modality.
 *
 * @param modality the removed modality
 * @param fraction fraction of samples without it
 * @param fixedAccuracy fixed-fusion accuracy
 * @param dynamicAccuracy DF accuracy
 */
public record MissingModalityResult(
        String modality, double fraction, double fixedAccuracy, double dynamicAccuracy) {}
