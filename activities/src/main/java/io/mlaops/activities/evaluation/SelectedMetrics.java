package io.mlaops.activities.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mlaops.model.train.ModelSelection;
import java.util.Objects;

/**
 * The test numbers of the epoch selected on validation, and how it was selected (the payload form
 * of {@link ModelSelection}); a cell's {@link CellMetrics} carries it next to the last epoch's
 * numbers.
 *
 * @param epoch the selected epoch, 1-based as shown and as MLflow's step (0: each member of an
 *     ensemble at its own selected epoch)
 * @param epochs epochs trained
 * @param metric the selection metric in words, e.g. {@code validation fused accuracy (DF)}
 * @param validationScore the selected epoch's validation score (NaN when none)
 * @param lastValidationScore the last epoch's validation score (NaN when none)
 * @param onValidation false when nothing could be selected on validation (no validation split): the
 *     numbers are then the last epoch's, and tables say so
 * @param test the test numbers at the selected epoch
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SelectedMetrics(
        int epoch,
        int epochs,
        String metric,
        double validationScore,
        double lastValidationScore,
        boolean onValidation,
        CellMetrics test) {
    public SelectedMetrics {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(test, "test");
    }

    /**
     * @param s a session's selection
     * @param test the test numbers of its selected model
     * @return the payload
     */
    public static SelectedMetrics of(ModelSelection s, CellMetrics test) {
        return new SelectedMetrics(
                s.epoch() + 1,
                s.epochs(),
                s.metric(),
                s.score(),
                s.lastScore(),
                s.onValidation(),
                test);
    }
}
