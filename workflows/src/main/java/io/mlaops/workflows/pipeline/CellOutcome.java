package io.mlaops.workflows.pipeline;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.model.recipe.CellSpec;

/**
 * Result of one cell.
 *
 * @param cell the cell
 * @param runId its tracker run (empty when taken from an earlier sweep's finished run)
 * @param metrics its test numbers
 * @param checkpointKey object key of its final checkpoint (empty when taken from the tracker)
 * @param trainSeconds training wall time of the finishing attempt (0 when taken from the tracker)
 * @param resumedFromEpoch epoch the finishing training attempt resumed from
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellOutcome(CellSpec cell, String runId, CellMetrics metrics, String checkpointKey, double trainSeconds,
        int resumedFromEpoch) {}
