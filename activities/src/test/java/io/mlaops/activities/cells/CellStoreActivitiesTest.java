package io.mlaops.activities.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.activities.store.FileBlobStore;
import io.mlaops.activities.training.TrainingResult;
import io.mlaops.model.cell.EngineIdentity;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.TrainerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cell store's activities on a file store: a cell is new until finished; finished, it is
 * reusable only under the scoring setting it was scored with; a stopped cell records the position
 * of its newest checkpoint; a plan estimates training times from finished siblings.
 */
class CellStoreActivitiesTest {
    private static final String DATA = "d".repeat(64);
    private static final EngineIdentity CPU = new EngineIdentity("0.36.0", "2.7.1", "cpu");
    private static final EvaluationSettings SCORING =
            new EvaluationSettings(List.of(), "sample", List.of(0.5), 1234);

    private static CellSpec cell(long seed, int epochs) {
        return new CellSpec(
                "digits",
                "joint",
                "",
                "",
                seed,
                TrainerConfig.builder().epochs(epochs).build(),
                Map.of());
    }

    private static ResolveRequest request(List<CellSpec> cells, CellUse use) {
        return new ResolveRequest(cells, Map.of("digits", DATA), CPU, SCORING, use);
    }

    private static CellMetrics metrics(double acc) {
        return new CellMetrics(
                acc, acc, acc, acc, Map.of("a", acc), 0.1, List.of(), new int[][] {{1}}, Map.of());
    }

    private static void finish(CellStoreActivitiesImpl a, CellSpec c, String id, double seconds) {
        CellStart start = new CellStart(id, c, DATA, CPU, "sweep-x", "cell-" + id);
        a.beginCell(start);
        a.finishCell(
                new CellFinish(
                        start,
                        new TrainingResult(
                                id,
                                CellStore.checkpointPrefix(id) + "final.ckpt",
                                "",
                                List.of(),
                                seconds,
                                0,
                                "cpu()",
                                "w"),
                        SCORING,
                        metrics(0.9),
                        "1",
                        "run-1",
                        ""));
    }

    @Test
    void aFinishedCellIsReusedUnderItsScoringOnlyAndEveryUseIsRecorded(@TempDir Path dir)
            throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        CellStoreActivitiesImpl a = new CellStoreActivitiesImpl(store);
        CellUse sweep = new CellUse("sweep-x", "sweep", "1", "parent-1");
        ResolvedCell fresh = a.resolveCells(request(List.of(cell(0, 20)), sweep)).get(0);
        assertEquals(CellState.NEW, fresh.state());
        assertFalse(fresh.reusable());
        finish(a, cell(0, 20), fresh.id(), 12.0);

        ResolvedCell again =
                a.resolveCells(
                                request(
                                        List.of(cell(0, 20)),
                                        new CellUse("sweep-y", "sweep", "1", "p2")))
                        .get(0);
        assertTrue(again.reusable());
        assertEquals("sweep-x", again.trainedFor());
        assertEquals("run-1", again.runId());
        assertEquals(0.9, again.metrics().orElseThrow().fixedAccuracy());
        // another scoring setting: finished, but to be scored, not reused as it is
        ResolvedCell otherScoring =
                a.resolveCells(
                                new ResolveRequest(
                                        List.of(cell(0, 20)),
                                        Map.of("digits", DATA),
                                        CPU,
                                        new EvaluationSettings(
                                                List.of(), "batch", List.of(0.5), 1234),
                                        null))
                        .get(0);
        assertEquals(CellState.FINISHED, otherScoring.state());
        assertFalse(otherScoring.reusable());
        assertEquals(
                List.of("sweep-x", "sweep-y"),
                new CellStore(store)
                        .uses(fresh.id()).stream().map(CellUse::view).sorted().toList());
    }

    @Test
    void aStoppedCellRecordsWhereItsNewestCheckpointIs(@TempDir Path dir) throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        CellStoreActivitiesImpl a = new CellStoreActivitiesImpl(store);
        CellSpec c = cell(1, 20);
        String id = a.resolveCells(request(List.of(c), null)).get(0).id();
        a.beginCell(new CellStart(id, c, DATA, CPU, "sweep-x", "cell-" + id));
        store.put(CellStore.checkpointPrefix(id) + "epoch-0003-b00002.ckpt", new byte[1]);
        store.put(CellStore.checkpointPrefix(id) + "cancel-e0004-b00007.ckpt", new byte[1]);
        a.endCell(id, CellState.STOPPED, "cancelled");
        StoredCell s = new CellStore(store).get(id).orElseThrow();
        assertEquals(CellState.STOPPED, s.state());
        assertEquals(4, s.epoch());
        assertEquals(7, s.batch());
        assertTrue(s.checkpointKey().endsWith("cancel-e0004-b00007.ckpt"));
        assertEquals("stopped at epoch 4 of 20", s.describeState());
        ResolvedCell r = a.resolveCells(request(List.of(c), null)).get(0);
        assertEquals(CellState.STOPPED, r.state());
        assertEquals(4, r.epoch());
    }

    @Test
    void aPlanEstimatesFromFinishedSiblingsThenFromThePerEpochTimeOfTheMethod(@TempDir Path dir)
            throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        CellStoreActivitiesImpl a = new CellStoreActivitiesImpl(store);
        for (long seed : new long[] {0, 1}) {
            CellSpec c = cell(seed, 20);
            finish(a, c, a.resolveCells(request(List.of(c), null)).get(0).id(), 10.0 + seed * 2);
        }
        CellPlan plan = a.planCells(request(List.of(cell(0, 20), cell(2, 20), cell(0, 40)), null));
        assertEquals(List.of(0.0, 11.0, 22.0), plan.estimates());
        assertEquals("reused", plan.basis().get(0));
        assertTrue(plan.basis().get(1).contains("2 finished seed(s)"), plan.basis().get(1));
        assertTrue(plan.basis().get(2).contains("per-epoch time"), plan.basis().get(2));
        // a plan records no use
        assertTrue(new CellStore(store).uses(plan.cells().get(0).id()).isEmpty());
    }
}
