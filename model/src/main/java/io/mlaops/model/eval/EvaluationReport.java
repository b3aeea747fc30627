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
 * @param modalityGap mean pairwise centroid distance of L2-normalised features (NaN with one modality)
 * @param pairGaps the gap of each pair, keyed {@code a|b}
 */
public record EvaluationReport(int samples, double fixedAccuracy, double dynamicAccuracy,
        double fixedMacroF1, double dynamicMacroF1, Map<String, Double> modalityAccuracy,
        int[][] confusion, double modalityGap, Map<String, Double> pairGaps) {}
