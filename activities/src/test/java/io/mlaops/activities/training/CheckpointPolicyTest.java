package io.mlaops.activities.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.store.BlobStore;
import io.mlaops.activities.store.FileBlobStore;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.data.synthetic.SyntheticModality;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.EpochRecord;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.model.train.TrainingListener;
import io.mlaops.model.train.TrainingSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a training attempt resumes and which checkpoints are kept: the newest intact checkpoint of
 * the run wins, a damaged, truncated or foreign one is skipped at once (and said), and the result
 * of resuming is bitwise that of an uninterrupted run; while training the two newest checkpoints
 * are kept, after it only the final one.
 */
class CheckpointPolicyTest {
    private static final String RUN = "sweep-x.small.mla.paper.s3";
    private static final ai.djl.Device CPU = ai.djl.Device.cpu();

    private static MultimodalDataset data() {
        return SyntheticDatasetGenerator.generate(
                new SyntheticConfig(
                        4,
                        List.of(
                                new SyntheticModality("a", 12, 3.0, 0.5, 0, 0.0),
                                new SyntheticModality("b", 6, 1.5, 1.0, 1, 0.0)),
                        1.0,
                        160,
                        40,
                        60,
                        7));
    }

    private static CellSpec cell(long seed) {
        TrainerConfig t =
                TrainerConfig.builder()
                        .epochs(3)
                        .batchSize(32)
                        .hiddenWidths(List.of(16))
                        .featureDim(8)
                        .dropout(0.2f)
                        .optimizer(OptimizerSettings.adam(1e-2, 1e-3))
                        .build();
        return new CellSpec("small", "mla", "paper", "", seed, t, Map.of()).validate();
    }

    private static byte[] bytes(TrainingSession s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeCheckpoint(out);
        return out.toByteArray();
    }

    /**
     * Trains the cell through, snapshotting after the given global batch numbers; the last element
     * is the final state.
     */
    private static Map<String, byte[]> snapshots(
            CellSpec cell, MultimodalDataset ds, Set<Integer> atBatches) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TrainingSession s = TrainingSession.create(cell, ds, CPU)) {
            int[] n = {0};
            s.run(
                    new TrainingListener() {
                        @Override
                        public void onBatchEnd(
                                int epoch, int batch, int batches, Map<String, Double> loss) {
                            if (atBatches.contains(++n[0])) {
                                try {
                                    out.put(
                                            CheckpointName.periodic(s.epoch(), s.batch()),
                                            bytes(s));
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }
                        }

                        @Override
                        public void onEpochEnd(EpochRecord record, long nanos) {}
                    });
            out.put(CheckpointName.FINAL, bytes(s));
        } catch (java.io.UncheckedIOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void theNewestIntactCheckpointWinsAndResumingIsBitwise(@TempDir Path dir) throws Exception {
        MultimodalDataset ds = data();
        CellSpec cell = cell(3);
        Map<String, byte[]> snaps = snapshots(cell, ds, Set.of(3, 8));
        List<String> names = new ArrayList<>(snaps.keySet());
        FileBlobStore store = new FileBlobStore(dir);
        store.put(CheckpointName.key(RUN, names.get(0)), snaps.get(names.get(0)));
        store.put(CheckpointName.key(RUN, names.get(1)), snaps.get(names.get(1)));
        // a checkpoint of another cell under the same key is never taken
        store.put(
                CheckpointName.key(RUN, CheckpointName.periodic(9, 0)),
                snapshots(cell(4), ds, Set.of()).get(CheckpointName.FINAL));

        try (ResumePoint p = ResumePoint.find(store, RUN, cell, ds, CPU)) {
            assertEquals(CheckpointName.key(RUN, names.get(1)), p.checkpointKey());
            assertTrue(p.notes().get(0).contains("another cell"), p.notes().toString());
            p.session().run(TrainingListener.NONE);
            assertArrayEquals(
                    snaps.get(CheckpointName.FINAL),
                    bytes(p.session()),
                    "resumed training differs from an uninterrupted one");
        }

        // the newest is damaged on disk (its recorded SHA-256 no longer matches): the one before it
        // is used, at once
        Path newest = dir.resolve(CheckpointName.key(RUN, names.get(1)));
        byte[] b = Files.readAllBytes(newest);
        b[b.length / 2] ^= 0x5a;
        Files.write(newest, b);
        try (ResumePoint p = ResumePoint.find(store, RUN, cell, ds, CPU)) {
            assertEquals(CheckpointName.key(RUN, names.get(0)), p.checkpointKey());
            assertTrue(
                    p.notes().stream()
                            .anyMatch(n -> n.contains(names.get(1)) && n.contains("corrupt")),
                    p.notes().toString());
            p.session().run(TrainingListener.NONE);
            assertArrayEquals(snaps.get(CheckpointName.FINAL), bytes(p.session()));
        }

        // the older one is truncated (stored whole, so its SHA-256 matches what was stored): the
        // start
        byte[] older = snaps.get(names.get(0));
        store.put(
                CheckpointName.key(RUN, names.get(0)),
                java.util.Arrays.copyOf(older, older.length / 3));
        try (ResumePoint p = ResumePoint.find(store, RUN, cell, ds, CPU)) {
            assertEquals("", p.checkpointKey());
            assertEquals(0, p.session().epoch());
            assertTrue(
                    p.notes().stream().anyMatch(n -> n.contains("truncated or garbled")),
                    p.notes().toString());
        }
    }

    @Test
    void twoNewestAreKeptWhileTrainingAndOnlyTheFinalAfter(@TempDir Path dir) throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        String old = CheckpointName.key(RUN, "epoch-0001");
        store.put(old, new byte[] {1});
        try (CheckpointWriter w =
                new CheckpointWriter(store, RUN, TrainingObserver.NONE, List.of(old), old)) {
            for (int e = 2; e <= 4; e++) {
                assertTrue(w.submit(CheckpointName.periodic(e, 0), new byte[] {(byte) e}));
                w.await();
            }
            assertEquals(
                    List.of(
                            CheckpointName.key(RUN, "epoch-0003-b00000"),
                            CheckpointName.key(RUN, "epoch-0004-b00000")),
                    store.list(CheckpointName.prefix(RUN)));
            assertEquals(CheckpointName.key(RUN, "epoch-0004-b00000"), w.newest());
            w.putFinal(new byte[] {9}, 1, 1, m -> {});
            assertEquals(
                    List.of(CheckpointName.key(RUN, CheckpointName.FINAL)),
                    store.list(CheckpointName.prefix(RUN)));
        }
    }

    @Test
    void aDamagedNewerCheckpointIsNotKeptInPlaceOfTheIntactOne(@TempDir Path dir) throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        String damaged = CheckpointName.key(RUN, "epoch-0005-b00000");
        String intact = CheckpointName.key(RUN, "epoch-0004-b00000");
        store.put(damaged, new byte[] {5});
        store.put(intact, new byte[] {4});
        // the attempt skipped the damaged one and resumed from the intact one
        try (CheckpointWriter w =
                new CheckpointWriter(
                        store, RUN, TrainingObserver.NONE, List.of(damaged, intact), intact)) {
            assertTrue(w.submit(CheckpointName.periodic(4, 7), new byte[] {47}));
            w.await();
            assertEquals(
                    List.of(intact, CheckpointName.key(RUN, "epoch-0004-b00007")),
                    store.list(CheckpointName.prefix(RUN)));
        }
    }

    @Test
    void everyRefusedUploadIsToldToTheObserver(@TempDir Path dir) throws Exception {
        FileBlobStore files = new FileBlobStore(dir);
        boolean[] full = {true};
        BlobStore refusing =
                new BlobStore() {
                    @Override
                    public String put(String key, byte[] data) throws IOException {
                        if (full[0]) {
                            throw new IOException("No space left on device");
                        }
                        return files.put(key, data);
                    }

                    @Override
                    public byte[] get(String key) throws IOException {
                        return files.get(key);
                    }

                    @Override
                    public java.util.Optional<String> sha256(String key) throws IOException {
                        return files.sha256(key);
                    }

                    @Override
                    public List<String> list(String prefix) throws IOException {
                        return files.list(prefix);
                    }

                    @Override
                    public void delete(String key) throws IOException {
                        files.delete(key);
                    }

                    @Override
                    public String describe() {
                        return files.describe();
                    }

                    @Override
                    public String uri(String key) {
                        return files.uri(key);
                    }
                };
        List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        TrainingObserver observer =
                new TrainingObserver() {
                    @Override
                    public void checkpointUploadFailed(String cellKey) {
                        failed.add(cellKey);
                    }

                    @Override
                    public void checkpointUploaded(long bytes, double seconds) {
                        stored.add(bytes);
                    }
                };
        try (CheckpointWriter w = new CheckpointWriter(refusing, RUN, observer, List.of(), "")) {
            assertTrue(w.submit(CheckpointName.periodic(1, 0), new byte[] {1}));
            w.await();
            assertEquals(List.of(RUN), failed, "the background upload's failure");
            assertTrue(w.lastError().contains("No space left"), w.lastError());
            // the final checkpoint: two refused tries, then the store takes it
            int[] tries = {0};
            w.putFinal(
                    new byte[] {9, 9},
                    5,
                    1,
                    m -> {
                        if (++tries[0] == 2) {
                            full[0] = false;
                        }
                    });
            assertEquals(3, failed.size(), failed.toString());
            assertEquals(List.of(2L), stored);
        }
    }

    @Test
    void checkpointNamesOrderByPosition() {
        List<String> keys =
                new ArrayList<>(
                        List.of(
                                "epoch-0003",
                                "epoch-0002-b00007",
                                "cancel-e0002-b00009",
                                "final",
                                "shutdown-e0003-b00001",
                                "epoch-0010-b00000"));
        List<String> sorted =
                keys.stream()
                        .map(n -> CheckpointName.parse(CheckpointName.key(RUN, n)).orElseThrow())
                        .sorted(CheckpointName.NEWEST_FIRST)
                        .map(CheckpointName::name)
                        .toList();
        assertEquals(
                List.of(
                        "final",
                        "epoch-0010-b00000",
                        "shutdown-e0003-b00001",
                        "epoch-0003",
                        "cancel-e0002-b00009",
                        "epoch-0002-b00007"),
                sorted);
        assertTrue(CheckpointName.parse(CheckpointName.prefix(RUN) + "notes.txt").isEmpty());
    }
}
