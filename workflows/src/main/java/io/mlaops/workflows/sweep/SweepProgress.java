package io.mlaops.workflows.sweep;

import java.util.List;

/**
 * @param total cells in the grid (0 until the grid is known)
 * @param done finished cells (this chain and earlier sweeps)
 * @param running cells in flight
 * @param failed cells that failed
 * @param reused cells skipped because the tracker already had a finished run
 * @param cancelled whether a cancel was requested
 * @param phase staging, running, aggregating, done or cancelled
 * @param runningCells keys of the cells in flight
 * @param parentRunUrl tracker link of the sweep's parent run, empty until opened
 * @param cancelledCells cells stopped by a cancel (not counted as failed)
 * @param trainedSeconds summed training time of the cells this chain trained (for an ETA)
 * @param lastFailure the newest failed cell and why, empty if none
 * @param doneBefore cells already done when this run of the sweep began launching (reused, or
 *     finished by an earlier run of a continued-as-new chain): the rate of the rest gives the ETA
 * @param runningWorkflows the workflow ids of the running cells ({@code cell-<content id>}, which
 *     another sweep may have started); empty from sweeps of before the cell store, whose cells run
 *     as {@code <sweep>.<cell key>}
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepProgress(
        int total,
        int done,
        int running,
        int failed,
        int reused,
        boolean cancelled,
        String phase,
        List<String> runningCells,
        String parentRunUrl,
        int cancelledCells,
        double trainedSeconds,
        String lastFailure,
        int doneBefore,
        List<String> runningWorkflows) {
    public SweepProgress {
        runningCells = runningCells == null ? List.of() : List.copyOf(runningCells);
        lastFailure = lastFailure == null ? "" : lastFailure;
        runningWorkflows = runningWorkflows == null ? List.of() : List.copyOf(runningWorkflows);
    }
}
