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
 * @param selection the test numbers of the epoch selected on validation, next to these (which are
 *     the last epoch's); null in results of trainings that did not select (older workers, older
 *     records) and inside a selection: read {@link #reported()}
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
        Map<String, Double> extra,
        SelectedMetrics selection) {
    public CellMetrics {
        modalityAccuracy = Map.copyOf(modalityAccuracy);
        missing = List.copyOf(missing);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** The last epoch's numbers without a selection (the earlier form). */
    public CellMetrics(
            double fixedAccuracy,
            double dynamicAccuracy,
            double fixedMacroF1,
            double dynamicMacroF1,
            Map<String, Double> modalityAccuracy,
            double modalityGap,
            List<MissingModalityResult> missing,
            int[][] confusion,
            Map<String, Double> extra) {
        this(
                fixedAccuracy,
                dynamicAccuracy,
                fixedMacroF1,
                dynamicMacroF1,
                modalityAccuracy,
                modalityGap,
                missing,
                confusion,
                extra,
                null);
    }

    /**
     * @param s the test numbers of the epoch selected on validation
     * @return these (the last epoch's) numbers with that selection
     */
    public CellMetrics withSelection(SelectedMetrics s) {
        return new CellMetrics(
                fixedAccuracy,
                dynamicAccuracy,
                fixedMacroF1,
                dynamicMacroF1,
                modalityAccuracy,
                modalityGap,
                missing,
                confusion,
                extra,
                s);
    }

    /**
     * @return the numbers tables report: the selected epoch's when there is a selection, else these
     *     (the last epoch's)
     */
    public CellMetrics reported() {
        return selection == null ? this : selection.test();
    }

    /**
     * @return whether {@link #reported()} comes from a selection on validation (false: the last
     *     epoch, because the data set has no validation split or the result predates selection)
     */
    public boolean selectedOnValidation() {
        return selection != null && selection.onValidation();
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
