package io.mlaops.activities.cells;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.activities.training.TrainingResult;

/**
 * A cell's workflow finished it: the training, its evaluation and where its run is.
 *
 * @param start what {@link CellStoreActivities#beginCell} recorded
 * @param training the training result (final checkpoint, history, times)
 * @param evaluation how it was scored
 * @param metrics the scores
 * @param experimentId tracker experiment of its run
 * @param runId its run
 * @param runUrl link to the run
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellFinish(
        CellStart start,
        TrainingResult training,
        EvaluationSettings evaluation,
        CellMetrics metrics,
        String experimentId,
        String runId,
        String runUrl) {}
