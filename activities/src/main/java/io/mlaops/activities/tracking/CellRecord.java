package io.mlaops.activities.tracking;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.activities.training.TrainingResult;
import java.util.Map;

/**
 * Everything to log for one finished cell.
 *
 * @param experimentId the sweep's experiment
 * @param sweepId the sweep (tag {@code mla.sweep_id})
 * @param parentRunId the sweep's parent run, or empty for a single run
 * @param cellKey the cell (tag {@code mla.cell_key}, the run's identity)
 * @param workflowId the Temporal workflow id of the cell
 * @param cell the cell's coordinates (dataset, method, hgm, modality, seed)
 * @param dataset the staged data set
 * @param trainerParams trainer settings
 * @param training the training result
 * @param metrics the evaluation
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellRecord(String experimentId, String sweepId, String parentRunId, String cellKey, String workflowId,
        Map<String, String> cell, StagedDataset dataset, Map<String, String> trainerParams, TrainingResult training,
        CellMetrics metrics) {
    public CellRecord {
        cell = Map.copyOf(cell);
        trainerParams = Map.copyOf(trainerParams);
    }
}
