package io.mlaops.model.eval;

import java.util.Map;

/**
 * Test-time numbers of one trained model on one split.
 *
 * @param samples N
 * @param fixedAccuracy accuracy of fixed fusion
 * @param dynamicAccuracy accuracy with dynamic fusion (DF)
 * @param fixedMacroF1 macro-F1 of fixed fusion
 * @param dynamicMacroF1 macro-F1 with DF
 * @param modalityAccuracy each modality's own accuracy through the shared head (over the samples
 *     that have it)
 * @param confusion confusion matrix [true][predicted] of DF
 * @param modalityGap mean pairwise centroid distance of L2-normalised features (NaN with one
 *     modality)
 * @param pairGaps the gap of each pair, keyed {@code a|b}
 * @param extra recipe-specific test numbers (e.g. the accuracy through MMPareto's own heads), by
 *     name
 */
public record EvaluationReport(
        int samples,
        double fixedAccuracy,
        double dynamicAccuracy,
        double fixedMacroF1,
        double dynamicMacroF1,
        Map<String, Double> modalityAccuracy,
        int[][] confusion,
        double modalityGap,
        Map<String, Double> pairGaps,
        Map<String, Double> extra) {
    public EvaluationReport {
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    /**
     * @return a copy with recipe-specific numbers
     */
    public EvaluationReport withExtra(Map<String, Double> more) {
        return new EvaluationReport(
                samples,
                fixedAccuracy,
                dynamicAccuracy,
                fixedMacroF1,
                dynamicMacroF1,
                modalityAccuracy,
                confusion,
                modalityGap,
                pairGaps,
                more);
    }

    /**
     * @return a copy without DF numbers (NaN): for models whose recipe declares no dynamic fusion
     */
    public EvaluationReport withoutDynamicFusion() {
        return new EvaluationReport(
                samples,
                fixedAccuracy,
                Double.NaN,
                fixedMacroF1,
                Double.NaN,
                modalityAccuracy,
                confusion,
                modalityGap,
                pairGaps,
                extra);
    }
}
