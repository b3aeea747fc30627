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
 * @param cellId the cell's content id ("" in histories from before the cell store)
 * @param origin {@code trained} (by the workflow that returns this), {@code reused} (finished
 *     before, taken as it is) or {@code evaluated} (finished before, scored for this request)
 * @param trainedFor the view that trained it (sweep id, pipeline id)
 * @param experimentId tracker experiment of its run
 * @param evaluationKey the evaluation setting its metrics are for ({@code CellStore.evaluationKey})
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellOutcome(
        CellSpec cell,
        String runId,
        CellMetrics metrics,
        String checkpointKey,
        double trainSeconds,
        int resumedFromEpoch,
        java.util.Map<String, Double> timings,
        String cellId,
        String origin,
        String trainedFor,
        String experimentId,
        String evaluationKey) {
    public CellOutcome {
        timings = timings == null ? java.util.Map.of() : java.util.Map.copyOf(timings);
        cellId = cellId == null ? "" : cellId;
        origin = origin == null ? "" : origin;
        trainedFor = trainedFor == null ? "" : trainedFor;
        experimentId = experimentId == null ? "" : experimentId;
        evaluationKey = evaluationKey == null ? "" : evaluationKey;
    }

    /** A cell with timings, from before the cell store. */
    public CellOutcome(
            CellSpec cell,
            String runId,
            CellMetrics metrics,
            String checkpointKey,
            double trainSeconds,
            int resumedFromEpoch,
            java.util.Map<String, Double> timings) {
        this(
                cell,
                runId,
                metrics,
                checkpointKey,
                trainSeconds,
                resumedFromEpoch,
                timings,
                "",
                "",
                "",
                "",
                "");
    }

    /**
     * @return the same outcome for another request's description of the cell (the same content
     *     asked for under another data set name) and origin
     */
    public CellOutcome as(CellSpec asked, String how) {
        return new CellOutcome(
                asked,
                runId,
                metrics,
                checkpointKey,
                trainSeconds,
                resumedFromEpoch,
                timings,
                cellId,
                how,
                trainedFor,
                experimentId,
                evaluationKey);
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
