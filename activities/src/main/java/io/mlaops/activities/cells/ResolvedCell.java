package io.mlaops.activities.cells;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.model.recipe.CellSpec;
import java.util.Optional;

/**
 * A cell named by its content, with what the store knows of it.
 *
 * @param cell the cell as the view asked for it
 * @param id its content id
 * @param state where it stands ({@link CellState#NEW} when the store has no record)
 * @param epoch epochs trained (a stopped cell: the epoch it resumes from)
 * @param metrics its metrics under the view's evaluation setting, when it is finished and was
 *     scored so (a finished cell without them needs only an evaluation)
 * @param trainedFor the view that trained it ("" when new)
 * @param experimentId tracker experiment of its run
 * @param runId its tracker run
 * @param runUrl link to the run
 * @param trainSeconds training time recorded for it (0 when not finished)
 * @param configurationId its id without the seed
 * @param checkpointKey its final checkpoint (finished) or the newest one (stopped), else ""
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record ResolvedCell(
        CellSpec cell,
        String id,
        CellState state,
        int epoch,
        Optional<CellMetrics> metrics,
        String trainedFor,
        String experimentId,
        String runId,
        String runUrl,
        double trainSeconds,
        String configurationId,
        String checkpointKey) {
    public ResolvedCell {
        state = state == null ? CellState.NEW : state;
        metrics = metrics == null ? Optional.empty() : metrics;
        trainedFor = trainedFor == null ? "" : trainedFor;
        experimentId = experimentId == null ? "" : experimentId;
        runId = runId == null ? "" : runId;
        runUrl = runUrl == null ? "" : runUrl;
        configurationId = configurationId == null ? "" : configurationId;
        checkpointKey = checkpointKey == null ? "" : checkpointKey;
    }

    /**
     * @return whether the view can take it as it is: finished and scored the way the view scores
     */
    public boolean reusable() {
        return state == CellState.FINISHED && metrics.isPresent();
    }
}
