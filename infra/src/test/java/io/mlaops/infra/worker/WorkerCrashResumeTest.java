package io.mlaops.infra.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.tracking.TrackedRun;
import io.mlaops.activities.tracking.TrackingActivitiesImpl;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.services.ServiceConfig;
import io.mlaops.infra.services.Stack;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.mlaops.workflows.sweep.SweepStubs;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the device worker process during training, on the real local stack (Temporal test
 * server over gRPC, S3Proxy, MLflow): a new worker process picks the activity up after the
 * heartbeat timeout, resumes from the checkpoint named in the last heartbeat, and the sweep ends
 * with the same numbers, bit for bit, as an unfaulted run, and exactly one MLflow run per cell.
 */
class WorkerCrashResumeTest {
    /** One sweep per experiment: the faulted sweep's cell has a run of its own to count. */
    private static SweepSpec spec(String name) {
        return new SweepSpec(
                name,
                List.of(new DatasetSource("synthetic", "synthetic", Map.of("seed", "0"))),
                List.of(new io.mlaops.workflows.sweep.RecipeChoice("mla", List.of("paper"))),
                List.of(0L),
                TrainerConfig.builder().epochs(150).build(),
                Map.of(),
                1,
                "sample",
                List.of(),
                List.of(0.5),
                3);
    }

    private static Process worker(Stack stack, java.util.Properties creds, Path log)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                                java,
                                "-Dai.djl.offline=true",
                                "-Xmx2g",
                                "-cp",
                                System.getProperty("java.class.path"),
                                DeviceWorkerMain.class.getName(),
                                stack.temporalTarget(),
                                stack.s3Endpoint(),
                                creds.getProperty("access_key"),
                                creds.getProperty("secret_key"),
                                "mla")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        pb.environment().put("MLA_CHECKPOINT_SECONDS", "0.5");
        return pb.start();
    }

    private static WorkflowStub sweep(WorkflowClient client, String id) {
        AblationSweepWorkflow wf = SweepStubs.toStart(client, id);
        WorkflowClient.start(wf::run, new SweepRequest(spec(id), id, List.of(), 100));
        return WorkflowStub.fromTyped(wf);
    }

    @Test
    void killedWorkerIsReplacedAndTheResultIsBitwiseTheSame(@TempDir Path home) throws Exception {
        ServiceConfig cfg = io.mlaops.infra.TestSupport.config(home);
        try (Stack stack = TestSupport.startStack(cfg);
                // workflows, staging and tracking in this process; training in separate worker
                // processes
                MlaWorker local = TestSupport.worker(stack, Set.of("workflows", "cpu"), 200)) {
            local.start();
            WorkflowClient client = stack.workflowClient();
            java.util.Properties creds = new java.util.Properties();
            try (var in = Files.newBufferedReader(home.resolve("s3-credentials.properties"))) {
                creds.load(in);
            }
            List<Process> workers = new ArrayList<>();
            try {
                // unfaulted reference run
                workers.add(worker(stack, creds, home.resolve("w0.log")));
                SweepResult reference = sweep(client, "crash-ref").getResult(SweepResult.class);
                workers.get(0).destroyForcibly().waitFor();
                // the same content again: taken from the cell store unless the store forgets it
                TestSupport.forgetCells(stack.store());

                Process first = worker(stack, creds, home.resolve("w1.log"));
                workers.add(first);
                WorkflowStub faulted = sweep(client, "crash-kill");
                String prefix =
                        io.mlaops.activities.cells.CellStore.checkpointPrefix(
                                reference.cells().get(0).cellId());
                long deadline = System.currentTimeMillis() + 120_000;
                while (stack.store().list(prefix).stream()
                                .filter(k -> k.contains("/epoch-"))
                                .count()
                        < 2) {
                    assertTrue(System.currentTimeMillis() < deadline, "training did not start");
                    Thread.sleep(50);
                }
                assertTrue(
                        stack.store().sha256(prefix + "final.ckpt").isEmpty(),
                        "training ended before the kill: raise epochs");
                first.destroyForcibly()
                        .waitFor(); // SIGKILL: no shutdown hook, no checkpoint on the way out
                // and the newest checkpoint it left is damaged (its bytes no longer match their
                // SHA-256):
                // the next attempt must skip it at once for the one before, not retry it
                List<String> left = stack.store().list(prefix);
                String newest =
                        left.stream()
                                .filter(k -> k.contains("/epoch-"))
                                .max(java.util.Comparator.naturalOrder())
                                .orElseThrow();
                corrupt(home, newest);
                workers.add(worker(stack, creds, home.resolve("w2.log")));
                SweepResult r = faulted.getResult(SweepResult.class);

                assertTrue(r.failures().isEmpty(), r.failures().toString());
                CellOutcome ref = onlyCell(reference);
                CellOutcome got = onlyCell(r);
                assertTrue(
                        got.resumedFromEpoch() > 0,
                        "did not resume from a checkpoint: " + got.resumedFromEpoch());
                String w2 = Files.readString(home.resolve("w2.log"));
                assertTrue(
                        w2.contains("skipped checkpoint") && w2.contains("corrupt"),
                        "the damaged checkpoint was not named: " + w2);
                assertEquals(0, ref.resumedFromEpoch());
                assertMetricsIdentical(ref.metrics(), got.metrics());
                System.out.printf(
                        "worker killed; resumed from epoch %d; DF accuracy %.4f in both runs%n",
                        got.resumedFromEpoch(), got.metrics().dynamicAccuracy());
                // exactly one MLflow run for the cell of the faulted sweep
                String exp = stack.tracker().experimentId("crash-kill");
                List<TrackedRun> runs =
                        stack.tracker()
                                .findRuns(
                                        exp,
                                        Map.of(
                                                TrackingActivitiesImpl.ROLE_TAG,
                                                "cell",
                                                TrackingActivitiesImpl.SWEEP_TAG,
                                                "crash-kill"));
                assertEquals(1, runs.size());
                assertEquals("FINISHED", runs.get(0).status());
            } finally {
                for (Process p : workers) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /**
     * Flips a byte of an object in the embedded store's file (S3Proxy keeps {@code <bucket>/<key>}
     * as a file, its metadata, the recorded SHA-256 among it, in extended attributes, which stay).
     */
    private static void corrupt(Path home, String key) throws java.io.IOException {
        Path f = home.resolve("s3").resolve("mla").resolve(key);
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x5a;
        Files.write(f, b);
    }

    private static CellOutcome onlyCell(SweepResult r) {
        assertEquals(1, r.cells().size());
        return r.cells().get(0);
    }

    private static void assertMetricsIdentical(CellMetrics a, CellMetrics b) {
        assertEquals(a.fixedAccuracy(), b.fixedAccuracy(), 0.0);
        assertEquals(a.dynamicAccuracy(), b.dynamicAccuracy(), 0.0);
        assertEquals(a.fixedMacroF1(), b.fixedMacroF1(), 0.0);
        assertEquals(a.dynamicMacroF1(), b.dynamicMacroF1(), 0.0);
        assertEquals(a.modalityAccuracy(), b.modalityAccuracy());
        assertEquals(a.modalityGap(), b.modalityGap(), 0.0);
        assertEquals(a.missing(), b.missing());
        assertTrue(java.util.Arrays.deepEquals(a.confusion(), b.confusion()));
    }
}
