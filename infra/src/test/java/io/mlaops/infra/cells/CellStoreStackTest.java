package io.mlaops.infra.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.cells.CellState;
import io.mlaops.activities.cells.CellStore;
import io.mlaops.activities.cells.CellUse;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.sweep.SweepSpecParser;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepPlan;
import io.mlaops.workflows.sweep.SweepPlanRequest;
import io.mlaops.workflows.sweep.SweepPlanWorkflow;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.mlaops.workflows.sweep.SweepStubs;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cell store on the real local stack (Temporal's own server, S3Proxy, MLflow) with a worker:
 * two sweeps started at once that share cells train each shared cell once, as Temporal's history
 * shows; a plan of a larger sweep reuses them; the store lists every use.
 */
class CellStoreStackTest {
    private static String spec(String name, String seeds) {
        return """
                name: %s
                datasets: [{name: synthetic, kind: synthetic}]
                methods: [mla, joint]
                hgm: [paper]
                seeds: %s
                max_parallel: 2
                trainer: {epochs: 2}
                evaluation: {missing_fractions: [0.5]}
                heartbeat_seconds: 30
                """
                .formatted(name, seeds);
    }

    @Test
    void twoSweepsAtOnceTrainEachSharedCellOnceAndAPlanReusesThem(@TempDir Path home)
            throws Exception {
        SweepSpec a = SweepSpecParser.parse(spec("left", "[0, 1]"), TestSupport.specs(home));
        SweepSpec b = SweepSpecParser.parse(spec("right", "[1, 2]"), TestSupport.specs(home));
        String ia = SweepSpecParser.sweepId(a);
        String ib = SweepSpecParser.sweepId(b);
        try (Stack stack = TestSupport.startStack(TestSupport.config(home));
                MlaWorker worker =
                        TestSupport.worker(stack, Set.of("workflows", "cpu", "gpu"), 1000)) {
            worker.start();
            WorkflowClient client = stack.workflowClient();
            AblationSweepWorkflow wa = SweepStubs.toStart(client, ia);
            AblationSweepWorkflow wb = SweepStubs.toStart(client, ib);
            WorkflowClient.start(wa::run, new SweepRequest(a, ia, List.of(), 200));
            WorkflowClient.start(wb::run, new SweepRequest(b, ib, List.of(), 200));
            SweepResult ra = WorkflowStub.fromTyped(wa).getResult(SweepResult.class);
            SweepResult rb = WorkflowStub.fromTyped(wb).getResult(SweepResult.class);
            assertTrue(ra.failures().isEmpty(), ra.failures().toString());
            assertTrue(rb.failures().isEmpty(), rb.failures().toString());

            // six cells in all, each trained by exactly one training activity, from the history
            Set<String> ids =
                    java.util.stream.Stream.concat(ra.cells().stream(), rb.cells().stream())
                            .map(CellOutcome::cellId)
                            .collect(Collectors.toSet());
            assertEquals(6, ids.size());
            for (String id : ids) {
                List<CellHistory.Execution> runs = CellHistory.executions(client, id);
                assertEquals(1, CellHistory.trainings(runs), id + ": " + runs);
            }
            assertEquals(6, ra.trained() + rb.trained());
            for (String key : List.of("synthetic.mla.paper.s1", "synthetic.joint.s1")) {
                CellOutcome x = find(ra, key);
                CellOutcome y = find(rb, key);
                assertEquals(x.cellId(), y.cellId());
                assertEquals(x.runId(), y.runId());
                assertEquals(Set.of("trained", "reused"), Set.of(x.origin(), y.origin()));
            }

            // the store: one record per content, each finished, every use recorded
            CellStore cells = new CellStore(stack.store());
            assertEquals(ids, Set.copyOf(cells.ids()));
            for (String id : ids) {
                assertEquals(CellState.FINISHED, cells.get(id).orElseThrow().state());
            }
            String shared = find(ra, "synthetic.joint.s1").cellId();
            assertEquals(
                    Set.of(ia, ib),
                    cells.uses(shared).stream().map(CellUse::view).collect(Collectors.toSet()));

            // a plan of seeds 0..3 on the same settings: six reused, two to train, with estimates
            SweepSpec c = SweepSpecParser.parse(spec("left", "4"), TestSupport.specs(home));
            SweepPlan plan =
                    client.newWorkflowStub(
                                    SweepPlanWorkflow.class,
                                    WorkflowOptions.newBuilder()
                                            .setTaskQueue(TaskQueues.WORKFLOWS)
                                            .setWorkflowId("plan-test")
                                            .build())
                            .plan(new SweepPlanRequest(c, Map.of("synthetic", List.of("a", "b"))));
            assertEquals(8, plan.cells().cells().size());
            assertEquals(6, plan.cells().cells().stream().filter(x -> x.reusable()).count());
            for (int i = 0; i < 8; i++) {
                if (!plan.cells().cells().get(i).reusable()) {
                    assertTrue(
                            plan.cells().estimates().get(i) > 0, plan.cells().basis().toString());
                }
            }
            // and nothing was recorded as used by the plan
            assertEquals(2, cells.uses(shared).size());

            // the comparison page of the sweep that reused cells links every cell to its run,
            // wherever the run lives (the reused ones in the other sweep's experiment)
            SweepResult reuser = ra.trained() < rb.trained() ? ra : rb;
            SweepSpec reuserSpec = reuser == ra ? a : b;
            TestSupport.requireTool(
                    java.nio.file.Files.isExecutable(TestSupport.CHROMIUM),
                    "chromium (apt-get install -y chromium)");
            Path chart =
                    io.mlaops.infra.dashboard.ChartJs.umd(
                            Path.of("..", ".mla", "cache", "npm").toAbsolutePath().normalize());
            try (io.mlaops.infra.dashboard.DashboardServer page =
                    new io.mlaops.infra.dashboard.DashboardServer(
                            0, stack.mlflowUri(), java.util.Optional.empty(), chart)) {
                String dom =
                        TestSupport.chromium(
                                home.resolve("c1"),
                                "1400,1800",
                                "--dump-dom",
                                page.url() + "?experiment=" + reuserSpec.name());
                assertTrue(dom.contains("data-loaded=\"true\""), "page did not finish loading");
                for (CellOutcome o : reuser.cells()) {
                    assertTrue(
                            dom.contains("/runs/" + o.runId() + "\""),
                            o.cell().key() + " (" + o.origin() + ") has no run link");
                }
                assertTrue(dom.contains("class=\"reused\""), "reused cells are not marked");
            }
        }
    }

    /**
     * A home from before the cell store (a finished cell in {@code checkpoints/<sweep>.<key>/} with
     * its MLflow run found by sweep and key) is migrated once: the next sweep asking for that
     * content scores its checkpoint and trains nothing.
     */
    @Test
    void aFinishedCellOfAnOlderHomeIsMigratedOnceAndNotTrainedAgain(@TempDir Path home)
            throws Exception {
        SweepSpec spec = SweepSpecParser.parse(spec("older", "[0]"), TestSupport.specs(home));
        io.mlaops.model.recipe.CellSpec cell =
                spec.cells(Map.of("synthetic", List.of("a", "b"))).stream()
                        .filter(c -> c.recipe().equals("joint"))
                        .findFirst()
                        .orElseThrow();
        try (Stack stack = TestSupport.startStack(TestSupport.config(home));
                MlaWorker worker =
                        TestSupport.worker(stack, Set.of("workflows", "cpu", "gpu"), 1000)) {
            // the old layout, as the sweep "sweep-older-0" of an earlier version left it
            var source = spec.datasets().get(0);
            var data =
                    new io.mlaops.activities.staging.BuiltInDatasets(
                                    io.mlaops.model.data.kinds.DatasetKinds.builtIn(),
                                    io.mlaops.model.data.kinds.DatasetContext.of(home))
                            .build(source);
            String oldKey = "checkpoints/sweep-older-0." + cell.key() + "/final.ckpt";
            io.mlaops.activities.staging.StagedDataset staged =
                    new io.mlaops.activities.staging.StagingActivitiesImpl(
                                    stack.store(),
                                    new io.mlaops.activities.staging.BuiltInDatasets(
                                            io.mlaops.model.data.kinds.DatasetKinds.builtIn(),
                                            io.mlaops.model.data.kinds.DatasetContext.of(home)))
                            .stage(source);
            io.mlaops.activities.training.TrainingResult trained;
            io.mlaops.activities.evaluation.CellMetrics m;
            try (var s = io.mlaops.model.train.TrainingSession.create(cell, data)) {
                s.run(io.mlaops.model.train.TrainingListener.NONE);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                s.writeCheckpoint(out);
                String sum = stack.store().put(oldKey, out.toByteArray());
                m =
                        new io.mlaops.activities.evaluation.EvaluationSettings(
                                        List.of(), "sample", List.of(0.5), 1234)
                                .score(s);
                trained =
                        new io.mlaops.activities.training.TrainingResult(
                                "sweep-older-0." + cell.key(),
                                oldKey,
                                sum,
                                s.history(),
                                1.0,
                                0,
                                "cpu()",
                                "old-worker");
            }
            String exp = stack.tracker().experimentId("older");
            String runId =
                    new io.mlaops.activities.tracking.TrackingActivitiesImpl(
                                    stack.tracker(), Map.of())
                            .recordCell(
                                    new io.mlaops.activities.tracking.CellRecord(
                                            exp,
                                            "sweep-older-0",
                                            "",
                                            "",
                                            "sweep-older-0." + cell.key(),
                                            cell,
                                            staged,
                                            trained,
                                            m));

            java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
            assertEquals(
                    1,
                    LegacyCells.migrateOnce(
                            stack.store(), stack.tracker(), new java.io.PrintStream(said, true)));
            assertTrue(said.toString().contains("migrated 1 finished cell"), said.toString());
            assertEquals(
                    0,
                    LegacyCells.migrateOnce(
                            stack.store(), stack.tracker(), new java.io.PrintStream(said, true)),
                    "migrated twice");
            CellStore cells = new CellStore(stack.store());
            String id = cells.ids().get(0);
            assertEquals(CellState.FINISHED, cells.get(id).orElseThrow().state());
            assertEquals(runId, cells.get(id).orElseThrow().runId());

            // the sweep of that content: the migrated cell is scored, not trained; the other trains
            worker.start();
            String sid = SweepSpecParser.sweepId(spec);
            SweepResult r =
                    SweepStubs.toStart(stack.workflowClient(), sid)
                            .run(new SweepRequest(spec, sid, List.of(), 200));
            assertTrue(r.failures().isEmpty(), r.failures().toString());
            CellOutcome migrated = find(r, cell.key());
            assertEquals("evaluated", migrated.origin());
            assertEquals(id, migrated.cellId());
            assertEquals(runId, migrated.runId());
            assertEquals(m.dynamicAccuracy(), migrated.metrics().dynamicAccuracy(), 0.0);
            assertEquals(1, r.trained());
            assertEquals(
                    0, CellHistory.trainings(CellHistory.executions(stack.workflowClient(), id)));
        }
    }

    private static CellOutcome find(SweepResult r, String key) {
        return r.cells().stream().filter(o -> o.cell().key().equals(key)).findFirst().orElseThrow();
    }
}
