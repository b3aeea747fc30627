package io.mlaops.model.eval;

import java.util.List;
import java.util.Map;

/**
 * Per-modality outputs of a network on one split: logits {@code z_m} (N x C) and features {@code
 * f_m(x_m)} (N x d), row-major, for the modalities in {@code modalities} order.
 *
 * @param modalities modality names
 * @param logits logits per modality
 * @param features features per modality
 * @param present presence masks per modality
 * @param labels true labels
 * @param classes C
 * @param featureDim d
 */
public record SplitOutputs(
        List<String> modalities,
        Map<String, float[]> logits,
        Map<String, float[]> features,
        Map<String, boolean[]> present,
        int[] labels,
        int classes,
        int featureDim) {
    /**
     * @return number of samples
     */
    public int size() {
        return labels.length;
    }
}
