package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.tracking.TrackedRun;
import io.mlaops.activities.tracking.TrackingActivitiesImpl;
import io.mlaops.infra.TestSupport;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.sweep.SweepProgress;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepStubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local default is durable: {@code ./mla dev down} in the middle of a sweep (Temporal, the
 * worker and the other services all stop), {@code ./mla dev up} again, and the sweep completes with
 * exactly one MLflow run per cell and metrics bitwise equal to an unfaulted sweep; a schedule
 * created before the restart is still there after it. Everything runs as a user runs it: the
 * command line in its own processes, Temporal's own server with its SQLite file.
 */
class StackRestartDurabilityTest {
    private static String spec(String name) {
        return """
                name: %s
                datasets:
                  - {name: synthetic, kind: synthetic, options: {seed: 0}}
                methods: [mla]
                hgm: [off, paper]
                seeds: 2
                max_parallel: 1
                trainer: {epochs: 40}
                evaluation: {missing_fractions: [0.5]}
                heartbeat_seconds: 5
                """
                .formatted(name);
    }

    private static final String PIPELINE =
            """
            name: keep
            dataset: {name: synthetic, kind: synthetic, options: {seed: 0}}
            method: mla
            hgm: paper
            seed: 0
            trainer: {epochs: 2}
            model: keep-model
            metric: dynamic
            margin: 0.005
            """;

    @Test
    void aSweepSurvivesAStackRestart(@TempDir Path home) throws Exception {
        Map<String, String> env = TestSupport.stackEnv(home);
        ServiceConfig cfg = ServiceConfig.fromEnv(env);
        Files.writeString(home.resolve("restart.yaml"), spec("restart"));
        Files.writeString(home.resolve("reference.yaml"), spec("reference"));
        Files.writeString(home.resolve("keep.yaml"), PIPELINE);
        try {
            assertOk(TestSupport.mla(env, 600, "dev", "up"));
            assertOk(
                    TestSupport.mla(
                            env,
                            120,
                            "schedule",
                            "create",
                            "keep",
                            "--pipeline",
                            home.resolve("keep.yaml").toString(),
                            "--every",
                            "24h",
                            "--paused",
                            "--note",
                            "made before the restart"));
            TestSupport.Cli started =
                    TestSupport.mla(
                            env, 120, "sweep", "--spec", home.resolve("restart.yaml").toString());
            assertOk(started);
            String id =
                    started.out()
                            .lines()
                            .filter(l -> l.startsWith("sweep-"))
                            .findFirst()
                            .orElseThrow();

            // wait until the first cell has finished and the next one trains, then stop everything
            long deadline = System.currentTimeMillis() + 300_000;
            while (true) {
                SweepProgress p;
                try (Stack s = Stack.connect(cfg, StackState.readLive(home), true)) {
                    p = SweepStubs.running(s.workflowClient(), id).progress();
                }
                if (p.done() >= 1 && p.running() >= 1) {
                    assertTrue(
                            p.done() < p.total(),
                            "the sweep ended before the restart: raise epochs");
                    break;
                }
                assertTrue(
                        System.currentTimeMillis() < deadline, "the sweep did not get going: " + p);
                Thread.sleep(250);
            }
            assertOk(TestSupport.mla(env, 180, "dev", "down"));
            assertTrue(StackState.readLive(home).isEmpty());
            assertTrue(
                    ServiceHealth.leftovers(home).isEmpty(),
                    "services outlived dev down: " + ServiceHealth.leftovers(home));

            assertOk(TestSupport.mla(env, 600, "dev", "up"));
            SweepResult restarted;
            try (Stack s = Stack.connect(cfg, StackState.readLive(home))) {
                restarted =
                        s.workflowClient().newUntypedWorkflowStub(id).getResult(SweepResult.class);
            }
            assertTrue(restarted.failures().isEmpty(), restarted.failures().toString());
            assertEquals(4, restarted.cells().size());

            TestSupport.Cli described = TestSupport.mla(env, 120, "schedule", "describe", "keep");
            assertOk(described);
            assertTrue(
                    described.out().contains("paused true")
                            && described.out().contains("made before the restart"),
                    described.out());

            // the unfaulted reference: the same cells in a sweep of another name
            TestSupport.Cli ref =
                    TestSupport.mla(
                            env,
                            900,
                            "sweep",
                            "--spec",
                            home.resolve("reference.yaml").toString(),
                            "--wait");
            assertOk(ref);
            String refId =
                    ref.out()
                            .lines()
                            .filter(l -> l.startsWith("Sweep sweep-"))
                            .findFirst()
                            .orElseThrow()
                            .split("[ :]")[1];
            try (Stack s = Stack.connect(cfg, StackState.readLive(home))) {
                SweepResult reference =
                        s.workflowClient()
                                .newUntypedWorkflowStub(refId)
                                .getResult(SweepResult.class);
                Map<String, CellMetrics> a = metrics(restarted);
                Map<String, CellMetrics> b = metrics(reference);
                assertEquals(b.keySet(), a.keySet());
                // JSON writes each double so that it reads back to the same bits: equal text, equal
                // numbers
                var json = new com.fasterxml.jackson.databind.ObjectMapper();
                for (String k : a.keySet()) {
                    assertEquals(
                            json.writeValueAsString(b.get(k)),
                            json.writeValueAsString(a.get(k)),
                            "cell " + k + " differs after the restart");
                }
                String exp = s.tracker().experimentId("restart");
                for (String cell : a.keySet()) {
                    List<TrackedRun> runs =
                            s.tracker()
                                    .findRuns(
                                            exp,
                                            Map.of(
                                                    TrackingActivitiesImpl.SWEEP_TAG,
                                                    id,
                                                    TrackingActivitiesImpl.CELL_TAG,
                                                    cell));
                    assertEquals(1, runs.size(), "runs of " + cell);
                    assertEquals("FINISHED", runs.get(0).status());
                }
                System.out.printf(
                        "restart: %d cells, 1 MLflow run each, metrics bitwise equal to the reference; resumed from epochs %s%n",
                        a.size(),
                        restarted.cells().stream().map(CellOutcome::resumedFromEpoch).toList());
            }
        } finally {
            TestSupport.mla(env, 180, "dev", "down");
        }
    }

    private static Map<String, CellMetrics> metrics(SweepResult r) {
        Map<String, CellMetrics> out = new TreeMap<>();
        r.cells().forEach(c -> out.put(c.cell().key(), c.metrics()));
        return out;
    }

    private static void assertOk(TestSupport.Cli r) {
        assertEquals(0, r.code(), r.out());
    }
}
