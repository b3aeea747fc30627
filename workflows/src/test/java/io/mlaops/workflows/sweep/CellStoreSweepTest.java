package io.mlaops.workflows.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.cells.CellState;
import io.mlaops.activities.cells.CellStore;
import io.mlaops.activities.training.TrainingActivities;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.support.SweepFixture;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps on the cell store (Temporal's test environment, real activities, file store): a cell is
 * trained once for its content and taken by every later sweep that asks for it.
 */
class CellStoreSweepTest {
    /**
     * Counts training activities per cell key: their first attempts (a retry of the same activity,
     * e.g. after a heartbeat timeout on the test server's skipped clock, resumes the same
     * training).
     */
    private static final class Counting
            implements Function<TrainingActivities, TrainingActivities> {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public TrainingActivities apply(TrainingActivities real) {
            return request -> {
                if (io.temporal.activity.Activity.getExecutionContext().getInfo().getAttempt()
                        == 1) {
                    calls.computeIfAbsent(request.cell().key(), k -> new AtomicInteger())
                            .incrementAndGet();
                }
                return real.train(request);
            };
        }

        Map<String, Integer> snapshot() {
            Map<String, Integer> out = new TreeMap<>();
            calls.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }
    }

    private static SweepResult sweep(SweepFixture f, SweepSpec spec, String id) {
        return SweepStubs.toStart(f.env.getWorkflowClient(), id)
                .run(new SweepRequest(spec, id, List.of(), 100));
    }

    private static Set<String> keys(SweepResult r, String origin) {
        return r.cells().stream()
                .filter(o -> o.origin().equals(origin))
                .map(o -> o.cell().key())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void moreSeedsTrainOnlyTheNewCellsFewerMethodsNothingAnotherRateEverything(@TempDir Path dir)
            throws Exception {
        Counting counting = new Counting();
        try (SweepFixture f = new SweepFixture(dir, counting)) {
            List<String> methods = List.of("mla", "joint");
            SweepResult first =
                    sweep(
                            f,
                            SweepFixture.spec(methods, List.of("off", "paper"), List.of(0L, 1L), 2),
                            "s-a");
            assertEquals(6, first.trained());
            assertEquals(0, first.reused());

            // 2 seeds -> 3 seeds: only seed 2's cells train
            counting.calls.clear();
            SweepResult more =
                    sweep(
                            f,
                            SweepFixture.spec(
                                    methods, List.of("off", "paper"), List.of(0L, 1L, 2L), 2),
                            "s-b");
            assertEquals(
                    Map.of("tiny.joint.s2", 1, "tiny.mla.off.s2", 1, "tiny.mla.paper.s2", 1),
                    counting.snapshot());
            assertEquals(3, more.trained());
            assertEquals(6, more.reused());
            assertEquals(9, more.table().cells().size());
            // reused cells say where from, and keep their runs
            more.cells().stream()
                    .filter(o -> o.origin().equals("reused"))
                    .forEach(
                            o -> {
                                assertEquals("s-a", o.trainedFor());
                                assertTrue(!o.runId().isEmpty());
                            });
            // the same numbers for the cells both sweeps used
            for (CellOutcome o : first.cells()) {
                CellOutcome again =
                        more.cells().stream()
                                .filter(x -> x.cellId().equals(o.cellId()))
                                .findFirst()
                                .orElseThrow();
                assertEquals(o.metrics().fixedAccuracy(), again.metrics().fixedAccuracy());
            }

            // a method removed: nothing trains
            counting.calls.clear();
            SweepResult fewer =
                    sweep(
                            f,
                            SweepFixture.spec(
                                    List.of("mla"), List.of("paper"), List.of(0L, 1L, 2L), 2),
                            "s-c");
            assertEquals(Map.of(), counting.snapshot());
            assertEquals(0, fewer.trained());
            assertEquals(3, fewer.reused());

            // another learning rate: every cell trains (no false reuse)
            counting.calls.clear();
            SweepResult otherRate =
                    sweep(
                            f,
                            SweepFixture.spec(
                                    methods,
                                    List.of("off", "paper"),
                                    List.of(0L, 1L),
                                    2,
                                    SweepFixture.trainer().toBuilder()
                                            .optimizer(OptimizerSettings.adam(5e-3, 1e-4))
                                            .build()),
                            "s-d");
            assertEquals(6, otherRate.trained());
            assertEquals(0, otherRate.reused());
            assertEquals(6, counting.snapshot().size());

            // its plan: everything reused, nothing started
            SweepPlan plan =
                    f.env.getWorkflowClient()
                            .newWorkflowStub(
                                    SweepPlanWorkflow.class,
                                    io.temporal.client.WorkflowOptions.newBuilder()
                                            .setTaskQueue(
                                                    io.mlaops.activities.common.TaskQueues
                                                            .WORKFLOWS)
                                            .setWorkflowId("plan-s-b")
                                            .build())
                            .plan(
                                    new SweepPlanRequest(
                                            SweepFixture.spec(
                                                    methods,
                                                    List.of("off", "paper"),
                                                    List.of(0L, 1L, 2L, 3L),
                                                    2),
                                            Map.of("tiny", List.of("a", "b"))));
            assertEquals(12, plan.cells().cells().size());
            assertEquals(9, plan.cells().cells().stream().filter(c -> c.reusable()).count());
            assertEquals(
                    Set.of("s-a", "s-b"),
                    plan.cells().cells().stream()
                            .filter(c -> c.reusable())
                            .map(c -> c.trainedFor())
                            .collect(Collectors.toSet()));
            HistoryRecorder.save(f.env.getWorkflowClient(), "plan-s-b", "sweep-plan.json");

            // the store: one record per content, every use recorded
            CellStore store = new CellStore(f.store);
            assertEquals(15, store.ids().size());
            String shared = find(first, "tiny.mla.paper.s0").cellId();
            assertEquals(CellState.FINISHED, store.get(shared).orElseThrow().state());
            assertEquals(
                    Set.of("s-a", "s-b", "s-c"),
                    store.uses(shared).stream()
                            .map(io.mlaops.activities.cells.CellUse::view)
                            .collect(Collectors.toSet()));
        }
    }

    @Test
    void anotherEvaluationScoresTheTrainedModelsWithoutTrainingThem(@TempDir Path dir)
            throws Exception {
        Counting counting = new Counting();
        try (SweepFixture f = new SweepFixture(dir, counting)) {
            SweepSpec base = SweepFixture.spec(List.of("mla"), List.of("paper"), List.of(0L), 1);
            SweepResult first = sweep(f, base, "e-a");
            assertEquals(1, first.trained());
            counting.calls.clear();
            SweepSpec other =
                    new SweepSpec(
                            base.name(),
                            base.datasets(),
                            base.recipes(),
                            base.seeds(),
                            base.trainer(),
                            base.options(),
                            base.maxParallel(),
                            "batch",
                            base.fusionWeights(),
                            List.of(0.25),
                            base.heartbeatSeconds());
            SweepResult second = sweep(f, other, "e-b");
            assertEquals(Map.of(), counting.snapshot());
            assertEquals(Set.of("tiny.mla.paper.s0"), keys(second, "evaluated"));
            assertEquals(0.25, second.cells().get(0).metrics().missing().get(0).fraction(), 1e-12);
            // and the first setting is still taken as it is
            assertEquals(Set.of("tiny.mla.paper.s0"), keys(sweep(f, base, "e-c"), "reused"));
        }
    }

    @Test
    void twoSweepsAtOnceShareTheirCommonCellsTrainingEachOnce(@TempDir Path dir) throws Exception {
        Counting counting = new Counting();
        try (SweepFixture f = new SweepFixture(dir, counting)) {
            WorkflowClient client = f.env.getWorkflowClient();
            SweepSpec a =
                    SweepFixture.spec(
                            List.of("mla", "joint"), List.of("paper"), List.of(0L, 1L), 2);
            SweepSpec b =
                    SweepFixture.spec(
                            List.of("mla", "joint"), List.of("paper"), List.of(1L, 2L), 2);
            AblationSweepWorkflow wa = SweepStubs.toStart(client, "c-a");
            AblationSweepWorkflow wb = SweepStubs.toStart(client, "c-b");
            WorkflowClient.start(wa::run, new SweepRequest(a, "c-a", List.of(), 100));
            WorkflowClient.start(wb::run, new SweepRequest(b, "c-b", List.of(), 100));
            SweepResult ra = WorkflowStub.fromTyped(wa).getResult(SweepResult.class);
            SweepResult rb = WorkflowStub.fromTyped(wb).getResult(SweepResult.class);
            assertTrue(
                    ra.failures().isEmpty() && rb.failures().isEmpty(),
                    ra.failures() + " " + rb.failures());
            // six different cells, each trained exactly once, the seed-1 cells for both sweeps
            assertEquals(
                    Map.of(
                            "tiny.joint.s0", 1,
                            "tiny.joint.s1", 1,
                            "tiny.joint.s2", 1,
                            "tiny.mla.paper.s0", 1,
                            "tiny.mla.paper.s1", 1,
                            "tiny.mla.paper.s2", 1),
                    counting.snapshot());
            assertEquals(6, ra.trained() + rb.trained());
            assertEquals(4, ra.table().cells().size());
            assertEquals(4, rb.table().cells().size());
            // the sweep that joined the other's cells: its history (signals to and from the cells'
            // workflows) is a replay fixture
            SweepResult joiner = find(ra, "tiny.joint.s1").origin().equals("reused") ? ra : rb;
            HistoryRecorder.save(
                    client, joiner == ra ? "c-a" : "c-b", "ablation-sweep-joined-cells.json");
            for (String shared : List.of("tiny.joint.s1", "tiny.mla.paper.s1")) {
                CellOutcome x = find(ra, shared);
                CellOutcome y = find(rb, shared);
                assertEquals(x.cellId(), y.cellId());
                assertEquals(x.runId(), y.runId());
                assertEquals(x.metrics().dynamicAccuracy(), y.metrics().dynamicAccuracy());
                assertTrue(
                        Set.of(x.origin(), y.origin()).equals(Set.of("trained", "reused")),
                        x.origin() + " " + y.origin());
            }
        }
    }

    private static CellOutcome find(SweepResult r, String key) {
        return r.cells().stream().filter(o -> o.cell().key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void aCancelledCellIsResumedFromItsCheckpointByTheNextSweep(@TempDir Path dir)
            throws Exception {
        SweepSpec long3000 =
                SweepFixture.spec(
                        List.of("mla"),
                        List.of("paper"),
                        List.of(0L),
                        1,
                        SweepFixture.trainer().toBuilder().epochs(3000).build());
        // a 2 s heartbeat timeout: the worker sends heartbeats (and so learns of the cancel) every
        // 1.6 s
        SweepSpec spec =
                new SweepSpec(
                        long3000.name(),
                        long3000.datasets(),
                        long3000.recipes(),
                        long3000.seeds(),
                        long3000.trainer(),
                        long3000.options(),
                        1,
                        long3000.dfVariant(),
                        long3000.fusionWeights(),
                        long3000.missingFractions(),
                        2);
        try (SweepFixture f = new SweepFixture(dir, Function.identity())) {
            WorkflowClient client = f.env.getWorkflowClient();
            AblationSweepWorkflow wf = SweepStubs.toStart(client, "r-a");
            WorkflowClient.start(wf::run, new SweepRequest(spec, "r-a", List.of(), 100));
            CellSpec cell = spec.cells(Map.of("tiny", List.of("a", "b"))).get(0);
            String id = SweepFixture.cellId(cell);
            Path checkpoints = dir.resolve("cells").resolve(id).resolve("checkpoints");
            long deadline = System.currentTimeMillis() + 60_000;
            while (!(Files.isDirectory(checkpoints)
                    && Files.list(checkpoints)
                            .anyMatch(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .matches("epoch-\\d+-b\\d+\\.ckpt")))) {
                assertTrue(System.currentTimeMillis() < deadline, "training did not start");
                Thread.sleep(50);
            }
            wf.cancel();
            SweepResult cancelled = WorkflowStub.fromTyped(wf).getResult(SweepResult.class);
            assertEquals(List.of("tiny.mla.paper.s0"), cancelled.cancelledCells());
            var stopped = new CellStore(f.store).get(id).orElseThrow();
            assertEquals(CellState.STOPPED, stopped.state());
            assertTrue(
                    stopped.checkpointKey().contains("/checkpoints/cancel-"), stopped.toString());

            SweepResult resumed = sweep(f, spec, "r-b");
            assertEquals(1, resumed.trained());
            CellOutcome o = resumed.cells().get(0);
            assertEquals(stopped.epoch(), o.resumedFromEpoch());
            assertEquals(CellState.FINISHED, new CellStore(f.store).get(id).orElseThrow().state());
        }
    }
}
