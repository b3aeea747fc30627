package io.mlaops.activities.tracking;

import io.mlaops.activities.evaluation.CellMetrics;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/**
 * Logs sweeps and cells to the experiment tracker. Every method is idempotent: a run is looked up
 * by a deterministic tag before one is created, so retries never make a second run.
 */
@ActivityInterface
public interface TrackingActivities {
    /**
     * @return the sweep's parent run (found by {@code mla.sweep_id} or created)
     */
    @ActivityMethod
    SweepRun openSweep(SweepRunRequest request);

    /**
     * @return the id of the experiment called {@code name}, created if missing
     */
    @ActivityMethod
    String experimentId(String name);

    /**
     * @return metrics of the sweep's cells whose runs finished, by cell key
     */
    @ActivityMethod
    Map<String, CellMetrics> finishedCells(String experimentId, String sweepId);

    /**
     * @return the cell's run id (found by {@code mla.cell_key} or created), finished with all its
     *     data
     */
    @ActivityMethod
    String recordCell(CellRecord record);

    /** Logs the table to the parent run (metrics, CSV, HTML) and finishes it. */
    @ActivityMethod
    void recordSweep(String parentRunId, AblationTable table);

    /**
     * Ends a sweep's parent run that will get no table: {@code KILLED} when the sweep was
     * cancelled, {@code FAILED} when cells failed; the reason goes to the run as the tag {@code
     * mla.end_reason}.
     */
    @ActivityMethod
    void endSweep(String parentRunId, String status, String reason);
}
