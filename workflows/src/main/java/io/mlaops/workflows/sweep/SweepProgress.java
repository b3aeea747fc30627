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
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepProgress(int total, int done, int running, int failed, int reused, boolean cancelled, String phase,
        List<String> runningCells, String parentRunUrl) {}
