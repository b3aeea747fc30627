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
 * @param timings seconds per phase as the activities measured them (e.g. data load, checkpoint
 *     uploads, evaluation), empty when taken from the tracker or recorded before they were kept
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellOutcome(
        CellSpec cell,
        String runId,
        CellMetrics metrics,
        String checkpointKey,
        double trainSeconds,
        int resumedFromEpoch,
        java.util.Map<String, Double> timings) {
    public CellOutcome {
        timings = timings == null ? java.util.Map.of() : java.util.Map.copyOf(timings);
    }

    /** A cell without activity timings. */
    public CellOutcome(
            CellSpec cell,
            String runId,
            CellMetrics metrics,
            String checkpointKey,
            double trainSeconds,
            int resumedFromEpoch) {
        this(
                cell,
                runId,
                metrics,
                checkpointKey,
                trainSeconds,
                resumedFromEpoch,
                java.util.Map.of());
    }
}
