package io.mlaops.infra.cells;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlaops.activities.cells.CellState;
import io.mlaops.activities.cells.CellStore;
import io.mlaops.activities.cells.CellUse;
import io.mlaops.activities.cells.StoredCell;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.activities.tracking.ExperimentTracker;
import io.mlaops.activities.tracking.TrackedRun;
import io.mlaops.activities.tracking.TrackingActivitiesImpl;
import io.mlaops.infra.services.MlflowTracker;
import io.mlaops.model.cell.CellIdentity;
import io.mlaops.model.cell.EngineIdentity;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.EpochRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A home from before the cell store: its finished cells are in {@code checkpoints/<sweep>.<cell
 * key>/final.ckpt} with an MLflow run each, found by sweep and key. Migrated once, said on the
 * console: each finished cell gets its content id, its final checkpoint is copied to {@code
 * cells/<id>/checkpoints/final.ckpt}, its record points at its existing MLflow run (tagged {@code
 * mla.cell_id} now) and at the sweep that trained it. The old objects stay where they are until
 * {@code mla cells gc --force} removes them.
 *
 * <p>What cannot be known of an old cell is not guessed: its metrics were scored with settings the
 * old run does not record completely (fusion weights), so a migrated cell carries no evaluation;
 * the first sweep that asks for it scores its final checkpoint (seconds, nothing retrains). Its
 * engine is taken as this build's DJL and PyTorch with the device kind its run recorded; a cell
 * whose run or checkpoint is gone, or whose method no longer exists, is skipped and counted.
 */
public final class LegacyCells {
    /** Marker written once the migration ran (its content: what it did). */
    public static final String MARKER = "cells/legacy-migration.json";

    /** Prefix of the layout before the cell store. */
    public static final String LEGACY_PREFIX = "checkpoints/";

    private static final ObjectMapper JSON =
            io.temporal.common.converter.JacksonJsonPayloadConverter.newDefaultObjectMapper();

    private LegacyCells() {}

    /**
     * Migrates the old layout once (nothing when there is none, or it was done).
     *
     * @param store the object store
     * @param tracker the tracker (only MLflow holds old runs)
     * @param err where to say what happened
     * @return the number of cells migrated now
     * @throws IOException when the store or MLflow cannot be read
     */
    public static int migrateOnce(BlobStore store, ExperimentTracker tracker, PrintStream err)
            throws IOException {
        if (store.sha256(MARKER).isPresent()) {
            return 0;
        }
        List<String> old = store.list(LEGACY_PREFIX);
        if (old.isEmpty() || !(tracker instanceof MlflowTracker mlflow)) {
            store.put(MARKER, JSON.writeValueAsBytes(Map.of("migrated", 0, "note", "nothing")));
            return 0;
        }
        CellStore cells = new CellStore(store);
        Map<String, Integer> skipped = new TreeMap<>();
        int migrated = 0;
        String djl = ai.djl.engine.Engine.getDjlVersion();
        String pytorch = ai.djl.engine.Engine.getEngine("PyTorch").getVersion();
        for (String exp : mlflow.experimentIds()) {
            for (TrackedRun run :
                    mlflow.findRuns(exp, Map.of(TrackingActivitiesImpl.ROLE_TAG, "cell"))) {
                Map<String, String> tags = run.tags();
                if (!"FINISHED".equals(run.status())
                        || tags.containsKey(TrackingActivitiesImpl.CELL_ID_TAG)) {
                    continue;
                }
                String checkpoint = tags.getOrDefault("mla.checkpoint", "");
                if (!checkpoint.startsWith(LEGACY_PREFIX)) {
                    continue;
                }
                Optional<String> why =
                        migrate(store, cells, mlflow, exp, run, checkpoint, djl, pytorch);
                if (why.isEmpty()) {
                    migrated++;
                } else {
                    skipped.merge(why.get(), 1, Integer::sum);
                }
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("migrated", migrated);
        summary.put("skipped", skipped);
        summary.put("at", Instant.now().toString());
        store.put(MARKER, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(summary));
        err.printf(
                "mla: migrated %d finished cell(s) of the layout before the cell store"
                        + " (checkpoints/<sweep>.<cell key>/ and their MLflow runs) into cells/<id>/,"
                        + " once%s; the old objects stay until 'mla cells gc --force' removes them%n",
                migrated, skipped.isEmpty() ? "" : "; skipped " + skipped);
        return migrated;
    }

    /**
     * @return empty when migrated, else why not
     */
    private static Optional<String> migrate(
            BlobStore store,
            CellStore cells,
            MlflowTracker mlflow,
            String experimentId,
            TrackedRun run,
            String checkpoint,
            String djl,
            String pytorch)
            throws IOException {
        JsonNode m;
        try {
            m = JSON.readTree(mlflow.downloadArtifact(run.runId(), "metrics.json"));
        } catch (java.io.FileNotFoundException e) {
            return Optional.of("no metrics.json");
        }
        Map<String, String> params = new LinkedHashMap<>();
        m.path("cell")
                .fields()
                .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        CellSpec cell;
        try {
            cell = CellSpec.fromParams(params);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a valid cell today");
        }
        String hash = m.path("dataset").path("contentHash").asText("");
        if (hash.isEmpty()) {
            return Optional.of("no data hash");
        }
        EngineIdentity engine =
                new EngineIdentity(
                        djl,
                        pytorch,
                        EngineIdentity.kind(run.tags().getOrDefault("mla.device", "cpu")));
        String id = CellIdentity.id(cell, hash, engine);
        if (cells.get(id).isPresent()) {
            return Optional.of("already in the store");
        }
        byte[] bytes;
        try {
            bytes = store.get(checkpoint);
        } catch (java.nio.file.NoSuchFileException
                | io.mlaops.activities.store.BlobIntegrityException e) {
            return Optional.of("final checkpoint missing or damaged");
        }
        String key = CellStore.checkpointPrefix(id) + "final.ckpt";
        String sum = store.put(key, bytes);
        List<EpochRecord> history = new ArrayList<>();
        for (JsonNode e : m.path("history")) {
            history.add(JSON.treeToValue(e, EpochRecord.class));
        }
        cells.putHistory(id, history);
        String sweep = run.tags().getOrDefault(TrackingActivitiesImpl.SWEEP_TAG, "");
        String parent = run.tags().getOrDefault(ExperimentTracker.PARENT_TAG, "");
        cells.put(
                new StoredCell(
                        id,
                        CellIdentity.canonical(cell, hash, engine),
                        cell,
                        hash,
                        engine,
                        CellIdentity.configurationId(cell, hash, engine),
                        CellState.FINISHED,
                        cell.trainer().epochs(),
                        0,
                        key,
                        sum,
                        0,
                        Map.of(),
                        sweep,
                        run.tags().getOrDefault("mla.workflow_id", ""),
                        experimentId,
                        run.runId(),
                        mlflow.runUrl(experimentId, run.runId()),
                        "migrated from " + checkpoint + " (no evaluation: scored when next asked)",
                        Instant.now().toString()));
        if (!sweep.isEmpty()) {
            cells.use(id, new CellUse(sweep, "sweep", experimentId, parent));
        }
        mlflow.log(
                run.runId(), Map.of(), List.of(), Map.of(TrackingActivitiesImpl.CELL_ID_TAG, id));
        return Optional.empty();
    }

    /**
     * @return whether the store still holds objects of the old layout
     */
    public static boolean present(BlobStore store) throws IOException {
        return !store.list(LEGACY_PREFIX).isEmpty();
    }
}
