package io.mlaops.activities.cells;

import io.mlaops.model.cell.EngineIdentity;
import io.mlaops.model.recipe.CellSpec;
import java.util.Map;

/**
 * The small record of a cell in the object store ({@code cells/<id>/cell.json}): a lookup by id is
 * one GET of this object, never a tracker search.
 *
 * @param id the content id ({@link io.mlaops.model.cell.CellIdentity})
 * @param canonical the canonical form the id hashes (what the cell is, readable)
 * @param cell the cell as first asked for (its data set name is that request's label)
 * @param datasetHash the data set's content hash
 * @param engine the engine that trains it
 * @param configurationId the id without the seed (siblings share it: time estimates)
 * @param state where it stands
 * @param epoch epochs trained (for a stopped cell the epoch of its newest checkpoint)
 * @param batch batch within {@code epoch} of a stopped cell's checkpoint, else 0
 * @param checkpointKey the final checkpoint (finished) or the newest one (stopped), else ""
 * @param checkpointSha256 its SHA-256, "" when unknown
 * @param trainSeconds training time of the attempt that finished it
 * @param timings seconds per phase of that attempt
 * @param trainedFor the view that trained it (sweep id, pipeline id, {@code ablate-...})
 * @param workflowId the Temporal workflow that trained it ("" for ablate)
 * @param experimentId the tracker experiment of its run ("" without one)
 * @param runId its tracker run ("" without one)
 * @param runUrl link to that run
 * @param note why it stopped or failed, or how it came here (migrated), else ""
 * @param updated when this record was written (ISO-8601)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record StoredCell(
        String id,
        String canonical,
        CellSpec cell,
        String datasetHash,
        EngineIdentity engine,
        String configurationId,
        CellState state,
        int epoch,
        int batch,
        String checkpointKey,
        String checkpointSha256,
        double trainSeconds,
        Map<String, Double> timings,
        String trainedFor,
        String workflowId,
        String experimentId,
        String runId,
        String runUrl,
        String note,
        String updated) {
    public StoredCell {
        state = state == null ? CellState.NEW : state;
        checkpointKey = checkpointKey == null ? "" : checkpointKey;
        checkpointSha256 = checkpointSha256 == null ? "" : checkpointSha256;
        timings = timings == null ? Map.of() : Map.copyOf(timings);
        trainedFor = trainedFor == null ? "" : trainedFor;
        workflowId = workflowId == null ? "" : workflowId;
        experimentId = experimentId == null ? "" : experimentId;
        runId = runId == null ? "" : runId;
        runUrl = runUrl == null ? "" : runUrl;
        note = note == null ? "" : note;
        updated = updated == null ? "" : updated;
    }

    /**
     * @return a copy in another state, with its position and note
     */
    public StoredCell with(CellState s, int epoch, int batch, String checkpoint, String note) {
        return new StoredCell(
                id,
                canonical,
                cell,
                datasetHash,
                engine,
                configurationId,
                s,
                epoch,
                batch,
                checkpoint,
                checkpointSha256,
                trainSeconds,
                timings,
                trainedFor,
                workflowId,
                experimentId,
                runId,
                runUrl,
                note,
                java.time.Instant.now().toString());
    }

    /**
     * @return how a listing shows the state: {@code finished}, {@code stopped at epoch 3 of 20},
     *     ...
     */
    public String describeState() {
        return switch (state) {
            case STOPPED, FAILED ->
                    state.name().toLowerCase(java.util.Locale.ROOT)
                            + (checkpointKey.isEmpty()
                                    ? " (no checkpoint)"
                                    : " at epoch " + epoch + " of " + cell.trainer().epochs());
            default -> state.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
