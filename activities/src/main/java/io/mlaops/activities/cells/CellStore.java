package io.mlaops.activities.cells;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.CollectionType;
import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.activities.store.BlobIntegrityException;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.model.cell.CellIdentity;
import io.mlaops.model.train.EpochRecord;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Cells in the object store, under their content id:
 *
 * <pre>
 * cells/&lt;id&gt;/cell.json                    the record ({@link StoredCell}): state, run, checkpoint
 * cells/&lt;id&gt;/checkpoints/&lt;name&gt;.ckpt      resume points while training, the final one after
 * cells/&lt;id&gt;/history.json                 per-epoch curves
 * cells/&lt;id&gt;/evaluations/&lt;key&gt;.json     test metrics, one per evaluation setting
 * cells/&lt;id&gt;/uses/&lt;view&gt;.json           who asked for it (sweeps, pipelines, ablate)
 * </pre>
 *
 * A lookup is one GET of the record (plus one of the evaluation a caller wants). Writes of the
 * record come from the one workflow that trains a cell at a time (its id derives from the content
 * id), so they do not race; use records are one object per view, so two sweeps never overwrite each
 * other's.
 */
public final class CellStore {
    /** Prefix of every cell's objects. */
    public static final String ROOT = "cells/";

    private static final ObjectMapper JSON =
            io.temporal.common.converter.JacksonJsonPayloadConverter.newDefaultObjectMapper();

    private final BlobStore store;

    /**
     * @param store the object store
     */
    public CellStore(BlobStore store) {
        this.store = store;
    }

    /**
     * @return the underlying store
     */
    public BlobStore blobs() {
        return store;
    }

    /**
     * @return {@code cells/<id>/}
     * @throws IllegalArgumentException when {@code id} is no content id
     */
    public static String prefix(String id) {
        if (!CellIdentity.isId(id)) {
            throw new IllegalArgumentException(
                    "cell id '" + id + "': expected 64 lower-case hex digits");
        }
        return ROOT + id + "/";
    }

    /**
     * @return where a cell's checkpoints live
     */
    public static String checkpointPrefix(String id) {
        return prefix(id) + "checkpoints/";
    }

    static String recordKey(String id) {
        return prefix(id) + "cell.json";
    }

    static String historyKey(String id) {
        return prefix(id) + "history.json";
    }

    static String evaluationObject(String id, String evaluationKey) {
        return prefix(id) + "evaluations/" + evaluationKey + ".json";
    }

    static String useKey(String id, String view) {
        return prefix(id) + "uses/" + view.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
    }

    /**
     * @return the key of an evaluation setting ({@link EvaluationSettings#key()})
     */
    public static String evaluationKey(EvaluationSettings s) {
        return s.key();
    }

    /**
     * @return the cell's record, empty when the store has none (or only a damaged one, which the
     *     next training rewrites)
     * @throws IOException when the store cannot be read (retryable)
     */
    public Optional<StoredCell> get(String id) throws IOException {
        return read(recordKey(id), StoredCell.class);
    }

    /** Writes the record. */
    public void put(StoredCell c) throws IOException {
        store.put(recordKey(c.id()), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(c));
    }

    /**
     * @return the cell's metrics under that evaluation setting, if it was scored so
     */
    public Optional<CellMetrics> evaluation(String id, String evaluationKey) throws IOException {
        return read(evaluationObject(id, evaluationKey), CellEvaluation.class)
                .map(CellEvaluation::metrics);
    }

    /** Stores the cell's metrics under that evaluation setting. */
    public void putEvaluation(String id, EvaluationSettings settings, CellMetrics metrics)
            throws IOException {
        store.put(
                evaluationObject(id, evaluationKey(settings)),
                JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(new CellEvaluation(settings, metrics)));
    }

    /** Stores the per-epoch history. */
    public void putHistory(String id, List<EpochRecord> history) throws IOException {
        store.put(historyKey(id), JSON.writeValueAsBytes(history));
    }

    /**
     * @return the per-epoch history, empty when none was stored
     */
    public List<EpochRecord> history(String id) throws IOException {
        CollectionType t =
                JSON.getTypeFactory().constructCollectionType(List.class, EpochRecord.class);
        try {
            return JSON.readValue(store.get(historyKey(id)), t);
        } catch (NoSuchFileException | BlobIntegrityException e) {
            return List.of();
        }
    }

    /** Records that a view uses the cell (idempotent: one object per view). */
    public void use(String id, CellUse use) throws IOException {
        store.put(useKey(id, use.view()), JSON.writeValueAsBytes(use));
    }

    /**
     * @return the views recorded as using the cell
     */
    public List<CellUse> uses(String id) throws IOException {
        List<CellUse> out = new ArrayList<>();
        for (String k : store.list(prefix(id) + "uses/")) {
            read(k, CellUse.class).ifPresent(out::add);
        }
        return out;
    }

    /**
     * @return the ids of every cell with objects in the store, sorted
     */
    public List<String> ids() throws IOException {
        TreeSet<String> ids = new TreeSet<>();
        for (String k : store.list(ROOT)) {
            String rest = k.substring(ROOT.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && CellIdentity.isId(rest.substring(0, slash))) {
                ids.add(rest.substring(0, slash));
            }
        }
        return new ArrayList<>(ids);
    }

    /**
     * @return every object of the cell with its size in bytes
     */
    public SortedMap<String, Long> objects(String id) throws IOException {
        return store.sizes(prefix(id));
    }

    private <T> Optional<T> read(String key, Class<T> type) throws IOException {
        byte[] bytes;
        try {
            bytes = store.get(key);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (BlobIntegrityException e) {
            return Optional
                    .empty(); // a damaged record counts as absent: the next writer repairs it
        }
        try {
            return Optional.of(JSON.readValue(bytes, type));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return Optional.empty();
        }
    }

    /**
     * One stored evaluation.
     *
     * @param settings how the model was scored
     * @param metrics the test numbers
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record CellEvaluation(EvaluationSettings settings, CellMetrics metrics) {}
}
