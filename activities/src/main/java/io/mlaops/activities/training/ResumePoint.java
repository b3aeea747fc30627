package io.mlaops.activities.training;

import io.mlaops.activities.store.BlobIntegrityException;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.CheckpointException;
import io.mlaops.model.train.TrainingSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a training attempt starts: the newest checkpoint of its run key that is intact and
 * describes the same cell, else the beginning. A checkpoint that fails its SHA-256, does not parse,
 * was taken on other data or for another cell is skipped at once, in favour of the next older one,
 * and said in {@link #notes()}: a damaged object costs the time since the previous checkpoint,
 * never an endless retry of the same object.
 *
 * @param session the session to train (fresh or restored)
 * @param checkpointKey the checkpoint it was restored from, empty for a fresh start
 * @param existing keys of every checkpoint of the run found in the store
 * @param notes what was skipped and why
 */
record ResumePoint(
        TrainingSession session, String checkpointKey, List<String> existing, List<String> notes)
        implements AutoCloseable {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(ResumePoint.class);

    /**
     * @return the restored session, or why the checkpoint cannot be used (a String)
     */
    private static Object tryRestore(
            BlobStore store,
            CheckpointName c,
            CellSpec cell,
            MultimodalDataset data,
            ai.djl.Device device)
            throws IOException {
        byte[] bytes;
        try {
            bytes =
                    store.get(
                            c.key()); // a store that cannot be reached fails the attempt (retried)
        } catch (BlobIntegrityException e) {
            return "it is corrupt (" + e.getMessage() + ")";
        } catch (NoSuchFileException e) {
            return "it vanished while being read";
        }
        try {
            TrainingSession s =
                    TrainingSession.restore(new ByteArrayInputStream(bytes), data, device);
            if (sameCell(s.cell(), cell)) {
                return s;
            }
            String other = s.cell().key();
            s.close();
            return "it was taken for another cell (" + other + ")";
        } catch (CheckpointException e) {
            return "it cannot be restored (" + e.getMessage() + ")";
        } catch (IOException e) {
            // the bytes are in memory: a read error here is a truncated or garbled checkpoint
            return "it is truncated or garbled (" + e + ")";
        }
    }

    /**
     * @return whether a checkpoint's cell is the requested one: the same description up to the data
     *     set's name, a label (the content was checked against the data when restoring)
     */
    static boolean sameCell(CellSpec stored, CellSpec requested) {
        java.util.Map<String, String> a = new java.util.HashMap<>(stored.params());
        java.util.Map<String, String> b = new java.util.HashMap<>(requested.validate().params());
        a.remove("dataset");
        b.remove("dataset");
        return a.equals(b);
    }

    /**
     * @param store the object store
     * @param runKey the training's key
     * @param cell what the request asks to train
     * @param data the data set
     * @param device where to place the session
     * @return the resume point
     * @throws IOException when the store cannot be listed or read (retryable)
     */
    static ResumePoint find(
            BlobStore store,
            String runKey,
            CellSpec cell,
            MultimodalDataset data,
            ai.djl.Device device)
            throws IOException {
        List<CheckpointName> found = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (String key : store.list(CheckpointName.prefix(runKey))) {
            CheckpointName.parse(key)
                    .ifPresent(
                            c -> {
                                found.add(c);
                                existing.add(key);
                            });
        }
        found.sort(CheckpointName.NEWEST_FIRST);
        List<String> notes = new ArrayList<>();
        for (CheckpointName c : found) {
            Object r = tryRestore(store, c, cell, data, device);
            if (r instanceof TrainingSession s) {
                return new ResumePoint(s, c.key(), existing, notes);
            }
            String note = "skipped checkpoint " + c.name() + ": " + r;
            LOG.warn("{} {}", runKey, note);
            notes.add(note);
        }
        return new ResumePoint(TrainingSession.create(cell, data, device), "", existing, notes);
    }

    /** Closes the session. */
    @Override
    public void close() {
        session.close();
    }
}
