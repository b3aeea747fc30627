package io.mlaops.workflows.sweep;

import io.mlaops.activities.tracking.AblationTable;
import java.util.Map;

/**
 * @param sweepId the sweep
 * @param table the ablation table
 * @param parentRunId tracker parent run
 * @param parentRunUrl link to it
 * @param trained cells trained by this sweep chain
 * @param reused cells taken from earlier finished runs
 * @param failures failed cells and why
 * @param cancelled whether the sweep was cancelled
 * @param trainSeconds summed training time of the cells trained by this chain
 * @param cells every finished cell's outcome, by cell key order
 * @param cancelledCells keys of the cells stopped by a cancel (they checkpointed; not failures)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepResult(
        String sweepId,
        AblationTable table,
        String parentRunId,
        String parentRunUrl,
        int trained,
        int reused,
        Map<String, String> failures,
        boolean cancelled,
        double trainSeconds,
        java.util.List<io.mlaops.workflows.pipeline.CellOutcome> cells,
        java.util.List<String> cancelledCells) {
    public SweepResult {
        failures = Map.copyOf(failures);
        cells = java.util.List.copyOf(cells);
        cancelledCells =
                cancelledCells == null
                        ? java.util.List.of()
                        : java.util.List.copyOf(cancelledCells);
    }
}
