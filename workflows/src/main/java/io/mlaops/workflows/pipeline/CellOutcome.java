package io.mlaops.workflows.pipeline;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.workflows.sweep.SweepCell;

/**
 * Result of one cell.
 *
 * @param cell the cell
 * @param runId its tracker run
 * @param metrics its test numbers
 * @param trainSeconds training wall time of the finishing attempt (0 when taken from the tracker)
 * @param resumedFromEpoch epoch the finishing training attempt resumed from
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellOutcome(SweepCell cell, String runId, CellMetrics metrics, double trainSeconds, int resumedFromEpoch) {}
