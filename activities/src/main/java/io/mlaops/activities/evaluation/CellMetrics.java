package io.mlaops.activities.evaluation;

import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.eval.MissingModalityResult;
import java.util.List;
import java.util.Map;

/**
 * Test-set numbers of one trained cell.
 *
 * @param fixedAccuracy fused accuracy with fixed fusion
 * @param dynamicAccuracy fused accuracy with DF (NaN where the recipe declares no DF)
 * @param fixedMacroF1 macro-F1, fixed fusion
 * @param dynamicMacroF1 macro-F1, DF
 * @param modalityAccuracy each modality's own accuracy through the shared head
 * @param modalityGap mean pairwise modality gap (NaN for one modality)
 * @param missing the missing-modality grid
 * @param confusion DF confusion matrix [true][predicted]
 * @param extra the recipe's own test numbers by name (e.g. accuracy through MMPareto's own heads)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellMetrics(
        double fixedAccuracy,
        double dynamicAccuracy,
        double fixedMacroF1,
        double dynamicMacroF1,
        Map<String, Double> modalityAccuracy,
        double modalityGap,
        List<MissingModalityResult> missing,
        int[][] confusion,
        Map<String, Double> extra) {
    public CellMetrics {
        modalityAccuracy = Map.copyOf(modalityAccuracy);
        missing = List.copyOf(missing);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /**
     * @param r a model's evaluation
     * @param missing its missing-modality grid
     * @return the cell's metrics
     */
    public static CellMetrics of(EvaluationReport r, List<MissingModalityResult> missing) {
        return new CellMetrics(
                r.fixedAccuracy(),
                r.dynamicAccuracy(),
                r.fixedMacroF1(),
                r.dynamicMacroF1(),
                r.modalityAccuracy(),
                r.modalityGap(),
                missing,
                r.confusion(),
                r.extra());
    }
}
