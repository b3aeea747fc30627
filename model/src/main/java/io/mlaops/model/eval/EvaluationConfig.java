package io.mlaops.model.eval;

import io.mlaops.model.fusion.FusionMode;
import java.util.Objects;

/**
 * How to fuse at test time.
 *
 * @param fixedWeights one weight per fused modality for fixed fusion; empty = equal weights 1/M
 * @param dynamicMode {@link FusionMode#DYNAMIC} (per sample, the paper) or {@link
 *     FusionMode#DYNAMIC_BATCH} (the public code's per-batch softmax)
 * @param dynamicBatchSize test batch size of the batch variant
 */
public record EvaluationConfig(
        double[] fixedWeights, FusionMode dynamicMode, int dynamicBatchSize) {
    public EvaluationConfig {
        Objects.requireNonNull(fixedWeights, "fixed weights");
        Objects.requireNonNull(dynamicMode, "dynamic mode");
        if (dynamicMode == FusionMode.FIXED) {
            throw new IllegalArgumentException("dynamic mode must be DYNAMIC or DYNAMIC_BATCH");
        }
        if (dynamicBatchSize < 1) {
            throw new IllegalArgumentException(
                    "DF batch size " + dynamicBatchSize + ": expected >= 1");
        }
        for (double w : fixedWeights) {
            if (!Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException(
                        "fusion weight " + w + ": expected a finite value >= 0");
            }
        }
        if (fixedWeights.length > 0
                && java.util.Arrays.stream(fixedWeights).allMatch(w -> w == 0)) {
            // every fused logit would be 0: a constant prediction, scored as if it meant something
            throw new IllegalArgumentException(
                    "fusion weights are all 0: expected at least one weight > 0");
        }
        fixedWeights = fixedWeights.clone();
    }

    /** Equal fixed weights, per-sample DF. */
    public static EvaluationConfig defaults() {
        return new EvaluationConfig(new double[0], FusionMode.DYNAMIC, 64);
    }

    /**
     * @return the fixed weights for {@code m} modalities
     */
    public double[] weightsFor(int m) {
        if (fixedWeights.length == 0) {
            double[] w = new double[m];
            java.util.Arrays.fill(w, 1.0 / m);
            return w;
        }
        if (fixedWeights.length != m) {
            throw new IllegalArgumentException(
                    "fusion weights give "
                            + fixedWeights.length
                            + " values for "
                            + m
                            + " modalities: expected "
                            + m);
        }
        return fixedWeights.clone();
    }
}
