package io.mlaops.workflows.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.tracking.AblationRow;
import io.mlaops.activities.tracking.ExperimentTracker;
import io.mlaops.activities.tracking.TrackingActivitiesImpl;
import io.mlaops.activities.training.TrainingActivities;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.workflows.support.InMemoryTracker;
import io.mlaops.workflows.support.SweepFixture;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AblationSweepWorkflowTest {
    private static final SweepSpec GRID =
            SweepFixture.spec(
                    List.of("mla", "joint", "unimodal"),
                    List.of("off", "paper"),
                    List.of(0L, 1L),
                    2);

    private static List<InMemoryTracker.Run> cellRuns(InMemoryTracker t) {
        return t.runs().stream()
                .filter(r -> "cell".equals(r.tags.get(TrackingActivitiesImpl.ROLE_TAG)))
                .toList();
    }

    @Test
    void sweepTrainsEveryCellOnceAndAggregatesTheTable(@TempDir Path dir) throws Exception {
        try (SweepFixture f = new SweepFixture(dir, Function.identity())) {
            SweepResult r =
                    SweepStubs.toStart(f.env.getWorkflowClient(), "sweep-full")
                            .run(new SweepRequest(GRID, "sweep-full", List.of(), 100));
            assertEquals(10, r.trained());
            assertEquals(0, r.reused());
            assertTrue(r.failures().isEmpty(), r.failures().toString());
            List<String> labels = r.table().rows().stream().map(AblationRow::label).toList();
            assertEquals(
                    List.of(
                            "MLA, HGM off, DF off",
                            "MLA, HGM off, DF on",
                            "MLA, HGM paper, DF off",
                            "MLA, HGM paper, DF on",
                            "joint",
                            "joint + DF",
                            "unimodal a",
                            "unimodal b"),
                    labels);
            assertEquals(
                    List.of(
                            "HGM paper vs off (MLA, DF on)",
                            "HGM paper vs off (MLA, DF off)",
                            "MLA, HGM off, DF off vs joint",
                            "MLA, HGM paper, DF on vs joint"),
                    r.table().tests().stream()
                            .map(io.mlaops.activities.tracking.PairedTest::name)
                            .toList());
            r.table().tests().forEach(t -> assertEquals(2, t.pairs()));

            // exactly one finished run per cell, nested under the sweep's parent run
            List<InMemoryTracker.Run> cells = cellRuns(f.tracker);
            assertEquals(10, cells.size());
            assertEquals(
                    10,
                    cells.stream()
                            .map(c -> c.tags.get(TrackingActivitiesImpl.CELL_TAG))
                            .collect(Collectors.toSet())
                            .size());
            cells.forEach(
                    c -> {
                        assertEquals("FINISHED", c.status);
                        assertEquals(r.parentRunId(), c.tags.get(ExperimentTracker.PARENT_TAG));
                        assertTrue(
                                c.artifacts
                                        .keySet()
                                        .containsAll(
                                                Set.of(
                                                        "metrics.json",
                                                        "confusion_matrix.csv",
                                                        "training_curves.csv",
                                                        "checkpoint.json")));
                        assertTrue(
                                c.metrics.stream()
                                        .anyMatch(
                                                m ->
                                                        m.key().equals("val_fused_acc")
                                                                && m.step() == 2));
                    });
            InMemoryTracker.Run parent =
                    f.tracker.runs().stream()
                            .filter(x -> x.id.equals(r.parentRunId()))
                            .findFirst()
                            .orElseThrow();
            assertEquals("FINISHED", parent.status);
            assertTrue(
                    parent.artifacts.containsKey("ablation.html")
                            && parent.artifacts.containsKey("ablation.csv"));

            // the table's joint row is the mean of the joint cells' fixed-fusion accuracies
            double mean =
                    cells.stream()
                            .filter(c -> c.params.get("recipe").equals("joint"))
                            .mapToDouble(
                                    c ->
                                            c.metrics.stream()
                                                    .filter(m -> m.key().equals("test_acc_fixed"))
                                                    .findFirst()
                                                    .orElseThrow()
                                                    .value())
                            .average()
                            .orElseThrow();
            AblationRow joint =
                    r.table().rows().stream()
                            .filter(x -> x.label().equals("joint"))
                            .findFirst()
                            .orElseThrow();
            assertEquals(mean, joint.fused().mean(), 1e-12);
            HistoryRecorder.save(
                    f.env.getWorkflowClient(), "sweep-full", "ablation-sweep-cell-store.json");
            CellSpec paper0 =
                    r.cells().stream()
                            .map(io.mlaops.workflows.pipeline.CellOutcome::cell)
                            .filter(c -> c.key().equals("tiny.mla.paper.s0"))
                            .findFirst()
                            .orElseThrow();
            HistoryRecorder.save(
                    f.env.getWorkflowClient(),
                    io.mlaops.model.cell.CellIdentity.workflowId(SweepFixture.cellId(paper0)),
                    "training-pipeline-cell-store.json");
            // the table lists each row's cells (keys and content ids), which the comparison page
            // links to their runs; the view lists every cell with where its run is
            assertEquals(List.of("tiny.joint.s0", "tiny.joint.s1"), joint.cells());
            assertEquals(
                    joint.cells().stream()
                            .map(
                                    k ->
                                            r.cells().stream()
                                                    .filter(o -> o.cell().key().equals(k))
                                                    .findFirst()
                                                    .orElseThrow()
                                                    .cellId())
                            .toList(),
                    joint.cellIds());
            assertEquals("tiny.joint.fixed", joint.slug());
            assertEquals(10, r.table().cells().size());
            assertTrue(r.table().cells().stream().allMatch(c -> c.origin().equals("trained")));
            assertEquals(2, joint.perSeed().size());
            assertEquals(
                    joint.fused().mean(),
                    joint.perSeed().stream()
                            .mapToDouble(io.mlaops.activities.tracking.AblationRow.SeedValue::fused)
                            .average()
                            .orElseThrow(),
                    1e-12);
            // metric keys are slugs; the labels are tags
            assertTrue(
                    parent.metrics.stream()
                            .anyMatch(m -> m.key().equals("tiny.mla.paper.df.fused_mean")),
                    parent.metrics.toString());
            assertEquals(
                    "tiny: MLA, HGM paper, DF on", parent.tags.get("mla.row.tiny.mla.paper.df"));
            assertTrue(
                    parent.tags.containsKey("mla.test.tiny.mla.paper.df.vs.mla.off.df"),
                    parent.tags.toString());
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(
            120) // before the fix the pipeline's workflow task failed forever
    void aTrainingWorkerOfAnOlderBuildIsScoredByTheEvaluationActivity(@TempDir Path dir)
            throws Exception {
        SweepSpec one = SweepFixture.spec(List.of("mla"), List.of("off"), List.of(0L), 1);
        List<Double> scored = new java.util.ArrayList<>();
        for (boolean olderBuild : new boolean[] {false, true}) {
            // an older build ignores the scoring settings and returns no metrics
            Function<TrainingActivities, TrainingActivities> worker =
                    real ->
                            request ->
                                    olderBuild
                                            ? real.train(
                                                    new io.mlaops.activities.training
                                                            .TrainingRequest(
                                                            request.runKey(),
                                                            request.dataset(),
                                                            request.cell()))
                                            : real.train(request);
            try (SweepFixture f =
                    new SweepFixture(dir.resolve(Boolean.toString(olderBuild)), worker)) {
                SweepResult r =
                        SweepStubs.toStart(f.env.getWorkflowClient(), "sweep-upgrade")
                                .run(new SweepRequest(one, "sweep-upgrade", List.of(), 100));
                assertTrue(r.failures().isEmpty(), r.failures().toString());
                assertEquals(1, r.trained());
                InMemoryTracker.Run cell = cellRuns(f.tracker).get(0);
                scored.add(
                        cell.metrics.stream()
                                .filter(m -> m.key().equals("test_acc_fixed"))
                                .findFirst()
                                .orElseThrow()
                                .value());
            }
        }
        // the same model scored the same way, in the training activity or after it
        assertEquals(scored.get(0), scored.get(1));
    }

    @Test
    void rerunAfterAFailedCellTrainsOnlyThatCell(@TempDir Path dir) throws Exception {
        AtomicBoolean failJoint = new AtomicBoolean(true);
        Map<String, AtomicInteger> trainings = new ConcurrentHashMap<>();
        Function<TrainingActivities, TrainingActivities> faulty =
                real ->
                        request -> {
                            trainings
                                    .computeIfAbsent(request.cell().key(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            if (failJoint.get() && request.cell().key().equals("tiny.joint.s1")) {
                                throw ApplicationFailure.newNonRetryableFailure(
                                        "injected failure", "Injected");
                            }
                            return real.train(request);
                        };
        try (SweepFixture f = new SweepFixture(dir, faulty)) {
            SweepResult first =
                    SweepStubs.toStart(f.env.getWorkflowClient(), "sweep-rerun")
                            .run(new SweepRequest(GRID, "sweep-rerun", List.of(), 100));
            assertEquals(Set.of("tiny.joint.s1"), first.failures().keySet());
            assertTrue(
                    first.failures().get("tiny.joint.s1").contains("injected failure"),
                    first.failures().toString());
            assertEquals(9, first.trained());
            InMemoryTracker.Run failedParent =
                    f.tracker.runs().stream()
                            .filter(x -> "sweep".equals(x.tags.get("mla.role")))
                            .findFirst()
                            .orElseThrow();
            assertEquals("FAILED", failedParent.status);
            assertTrue(
                    failedParent
                            .tags
                            .get("mla.end_reason")
                            .contains("tiny.joint.s1: injected failure"),
                    failedParent.tags.toString());
            failJoint.set(false);
            trainings.clear();
            SweepResult second =
                    SweepStubs.toStart(f.env.getWorkflowClient(), "sweep-rerun")
                            .run(new SweepRequest(GRID, "sweep-rerun", List.of(), 100));
            assertEquals(
                    Map.of("tiny.joint.s1", 1),
                    trainings.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())));
            assertEquals(9, second.reused());
            assertEquals(1, second.trained());
            assertTrue(second.failures().isEmpty());
            assertEquals(8, second.table().rows().size());
            assertEquals(10, cellRuns(f.tracker).size());
        }
    }

    @Test
    void continueAsNewCarriesFinishedCells(@TempDir Path dir) throws Exception {
        SweepSpec spec =
                SweepFixture.spec(List.of("mla", "joint"), List.of("off"), List.of(0L, 1L, 2L), 2);
        try (SweepFixture f = new SweepFixture(dir, Function.identity())) {
            WorkflowClient client = f.env.getWorkflowClient();
            AblationSweepWorkflow wf = SweepStubs.toStart(client, "sweep-can");
            WorkflowClient.start(wf::run, new SweepRequest(spec, "sweep-can", List.of(), 2));
            SweepResult r = client.newUntypedWorkflowStub("sweep-can").getResult(SweepResult.class);
            assertEquals(6, r.trained());
            assertEquals(
                    6,
                    r.table().rows().stream()
                                    .filter(
                                            x ->
                                                    x.label().startsWith("MLA")
                                                            || x.label().startsWith("joint"))
                                    .mapToInt(AblationRow::seeds)
                                    .max()
                                    .orElseThrow()
                            * 2);
            assertEquals(6, cellRuns(f.tracker).size());
        }
    }

    @Test
    void cancelStopsTheRunningCellWhichCheckpoints(@TempDir Path dir) throws Exception {
        SweepSpec spec =
                SweepFixture.spec(
                        List.of("mla"),
                        List.of("paper"),
                        List.of(0L),
                        1,
                        SweepFixture.trainer().toBuilder().epochs(100000).build());
        try (SweepFixture f = new SweepFixture(dir, Function.identity())) {
            WorkflowClient client = f.env.getWorkflowClient();
            AblationSweepWorkflow wf = SweepStubs.toStart(client, "sweep-cancel");
            WorkflowClient.start(wf::run, new SweepRequest(spec, "sweep-cancel", List.of(), 100));
            String id = SweepFixture.cellId(spec.cells(Map.of("tiny", List.of("a", "b"))).get(0));
            Path checkpoints = dir.resolve("cells").resolve(id).resolve("checkpoints");
            long deadline = System.currentTimeMillis() + 60_000;
            // a checkpoint taken by time (every 200 ms here) once training runs
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
            assertEquals(1, wf.progress().running());
            wf.cancel();
            SweepResult r = WorkflowStub.fromTyped(wf).getResult(SweepResult.class);
            assertTrue(r.cancelled());
            assertEquals(0, r.trained());
            // the stopped cell is cancelled, not failed, and the parent run ends as KILLED, not
            // RUNNING forever
            assertEquals(List.of("tiny.mla.paper.s0"), r.cancelledCells());
            assertTrue(r.failures().isEmpty(), r.failures().toString());
            assertTrue(
                    Files.list(checkpoints)
                            .anyMatch(p -> p.getFileName().toString().startsWith("cancel-")),
                    "no checkpoint written on cancel");
            assertFalse(cellRuns(f.tracker).stream().anyMatch(c -> "FINISHED".equals(c.status)));
            InMemoryTracker.Run parent =
                    f.tracker.runs().stream()
                            .filter(x -> "sweep".equals(x.tags.get("mla.role")))
                            .findFirst()
                            .orElseThrow();
            assertEquals("KILLED", parent.status);
            assertTrue(
                    parent.tags.get("mla.end_reason").contains("cancelled"),
                    parent.tags.toString());
        }
    }

    @Test
    void aggregatorComputesMeanStdAndPairedTest() {
        Map<CellSpec, CellMetrics> m = new java.util.LinkedHashMap<>();
        double[] on = {0.90, 0.92, 0.91};
        double[] off = {0.88, 0.89, 0.90};
        for (int s = 0; s < 3; s++) {
            m.put(
                    new CellSpec("d", "mla", "paper", "", s, SweepFixture.trainer(), Map.of()),
                    metrics(on[s]));
            m.put(
                    new CellSpec("d", "mla", "off", "", s, SweepFixture.trainer(), Map.of()),
                    metrics(off[s]));
        }
        var t = AblationAggregator.table("x", m);
        AblationRow paperDf =
                t.rows().stream()
                        .filter(r -> r.label().equals("MLA, HGM paper, DF on"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(0.91, paperDf.fused().mean(), 1e-12);
        assertEquals(0.01, paperDf.fused().std(), 1e-12);
        var test =
                t.tests().stream()
                        .filter(x -> x.name().equals("HGM paper vs off (MLA, DF on)"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(0.02, test.meanDifference(), 1e-12);
        // differences 0.02, 0.03, 0.01: t = 0.02 / (0.01 / sqrt 3) = 3.4641, df 2 -> p = 0.0742
        assertEquals(0.0742, test.pValue(), 1e-3);
    }

    private static CellMetrics metrics(double acc) {
        return new CellMetrics(
                acc,
                acc,
                acc,
                acc,
                Map.of("a", acc - 0.1),
                0.3,
                List.of(),
                new int[][] {{1}},
                Map.of());
    }
}
