package io.mlaops.activities.tracking;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.activities.training.TrainingResult;
import io.mlaops.model.recipe.CellSpec;
import java.util.Objects;

/**
 * Everything to log for one finished cell.
 *
 * @param experimentId the sweep's experiment
 * @param sweepId the sweep (tag {@code mla.sweep_id})
 * @param parentRunId the sweep's parent run, or empty for a single run
 * @param runName the run's name; empty = the cell's key
 * @param workflowId the Temporal workflow id of the cell
 * @param cell the cell: its key is the run's identity (tag {@code mla.cell_key}), its params the
 *     run's params
 * @param dataset the staged data set
 * @param training the training result
 * @param metrics the evaluation
 * @param cellId the cell's content id: the run's identity (tag {@code mla.cell_id}) wherever it
 *     lives; empty in histories from before the cell store, whose runs are found by sweep and key
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellRecord(
        String experimentId,
        String sweepId,
        String parentRunId,
        String runName,
        String workflowId,
        CellSpec cell,
        StagedDataset dataset,
        TrainingResult training,
        CellMetrics metrics,
        String cellId) {
    public CellRecord {
        Objects.requireNonNull(cell, "cell");
        runName = runName == null || runName.isEmpty() ? cell.key() : runName;
        cellId = cellId == null ? "" : cellId;
    }

    /** A record of the layout before the cell store (runs found by sweep and cell key). */
    public CellRecord(
            String experimentId,
            String sweepId,
            String parentRunId,
            String runName,
            String workflowId,
            CellSpec cell,
            StagedDataset dataset,
            TrainingResult training,
            CellMetrics metrics) {
        this(
                experimentId,
                sweepId,
                parentRunId,
                runName,
                workflowId,
                cell,
                dataset,
                training,
                metrics,
                "");
    }
}
