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
 */
public record SweepResult(String sweepId, AblationTable table, String parentRunId, String parentRunUrl, int trained,
        int reused, Map<String, String> failures, boolean cancelled, double trainSeconds) {
    public SweepResult {
        failures = Map.copyOf(failures);
    }
}
