package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.tracking.TrackedRun;
import io.mlaops.activities.tracking.TrackingActivitiesImpl;
import io.mlaops.activities.training.TrainingProgress;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.sweep.SweepSpecParser;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.mlaops.workflows.sweep.SweepStubs;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the real local stack, recovered from without losing a cell and said where the user
 * looks: MLflow killed in the middle of a sweep is restarted by the stack and every cell still gets
 * exactly one finished run; the object store's disk filling up while a cell trains shows in the
 * cell's progress as a full disk (not "an internal error"), training goes on, and once space is
 * freed the next checkpoint is stored and the cell finishes. Recovery times are printed.
 */
class StackFaultsTest {
    private static String spec(String name, int seeds, int epochs) {
        return """
                name: %s
                datasets: [{name: synthetic, kind: synthetic, options: {seed: 0}}]
                methods: [mla]
                hgm: [paper]
                seeds: %d
                max_parallel: 2
                trainer: {epochs: %d}
                evaluation: {missing_fractions: [0.5]}
                heartbeat_seconds: 5
                """
                .formatted(name, seeds, epochs);
    }

    private static WorkflowStub start(WorkflowClient client, SweepSpec spec) {
        String id = SweepSpecParser.sweepId(spec);
        AblationSweepWorkflow wf = SweepStubs.toStart(client, id);
        WorkflowClient.start(wf::run, new SweepRequest(spec, id, List.of(), 200));
        return WorkflowStub.fromTyped(wf);
    }

    @Test
    void killedMlflowIsRestartedAndEveryCellIsRecordedOnce(@TempDir Path home) throws Exception {
        SweepSpec spec =
                SweepSpecParser.parse(spec("mlflow-fault", 4, 40), TestSupport.specs(home));
        try (Stack stack = TestSupport.startStack(TestSupport.config(home));
                MlaWorker worker =
                        TestSupport.worker(stack, Set.of("workflows", "cpu", "gpu"), 500)) {
            worker.start();
            String exp = stack.tracker().experimentId("mlflow-fault");
            WorkflowStub sweep = start(stack.workflowClient(), spec);
            String id = sweep.getExecution().getWorkflowId();
            await(
                    "a first cell recorded",
                    300,
                    () ->
                            cellRuns(stack, exp, id).stream()
                                    .anyMatch(r -> "FINISHED".equals(r.status())));

            long pid = stack.servicePids().get("mlflow");
            long killed = System.nanoTime();
            // SIGKILL to the server and its workers: no goodbye, the port is closed at once
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            await("MLflow to go down", 30, () -> !healthy(stack.mlflowUri()));
            await("MLflow to answer again", 180, () -> healthy(stack.mlflowUri()));
            double back = (System.nanoTime() - killed) / 1e9;
            // the new server answers a moment before the stack records its process
            await(
                    "the stack to record a new MLflow process",
                    30,
                    () -> stack.servicePids().get("mlflow") != pid);

            SweepResult r = sweep.getResult(SweepResult.class);
            double done = (System.nanoTime() - killed) / 1e9;
            assertTrue(r.failures().isEmpty(), r.failures().toString());
            assertEquals(4, r.cells().size());
            List<TrackedRun> runs = cellRuns(stack, exp, id);
            assertEquals(4, runs.size(), "one run per cell");
            runs.forEach(x -> assertEquals("FINISHED", x.status()));
            System.out.printf(
                    "MLflow killed: answering again after %.1f s; the sweep finished %.1f s after the kill, 4 cells, 1 run each%n",
                    back, done);
        }
    }

    @Test
    void aFullObjectStoreDiskIsNamedAndTrainingGoesOnOnceFreed(@TempDir Path home)
            throws Exception {
        Path s3 = Files.createDirectories(home.resolve("s3"));
        Process mount =
                new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", s3.toString())
                        .redirectErrorStream(true)
                        .start();
        String mountOut = new String(mount.getInputStream().readAllBytes());
        // a small file system of its own is what makes a disk fill up: only a kernel that lets this
        // process
        // mount one (root with CAP_SYS_ADMIN) can run the test; no installer can grant that
        Assumptions.assumeTrue(
                mount.waitFor() == 0, "cannot mount a tmpfs here (" + mountOut.trim() + ")");
        try {
            SweepSpec spec =
                    SweepSpecParser.parse(spec("disk-fault", 1, 400), TestSupport.specs(home));
            try (Stack stack = TestSupport.startStack(TestSupport.config(home));
                    MlaWorker worker =
                            TestSupport.worker(stack, Set.of("workflows", "cpu", "gpu"), 200)
                                    .checkpointEvery(Duration.ofMillis(300))) {
                worker.start();
                WorkflowStub sweep = start(stack.workflowClient(), spec);
                String id =
                        TestSupport.cellId(
                                spec.cells(java.util.Map.of("synthetic", List.of("a", "b"))).get(0),
                                spec.datasets().get(0),
                                home);
                String cell = io.mlaops.model.cell.CellIdentity.workflowId(id);
                String prefix = io.mlaops.activities.cells.CellStore.checkpointPrefix(id);
                await("a first checkpoint", 300, () -> !periodic(stack, prefix).isEmpty());

                Path filler = s3.resolve("filler.bin");
                fill(filler);
                long full = System.nanoTime();
                await(
                        "the training to say the disk is full",
                        60,
                        () -> note(stack.workflowClient(), cell).contains("is full"));
                double said = (System.nanoTime() - full) / 1e9;
                String note = note(stack.workflowClient(), cell);
                assertTrue(note.contains(s3.toString()), note);
                List<String> stuck = periodic(stack, prefix);

                Files.delete(filler);
                long freed = System.nanoTime();
                await(
                        "a checkpoint stored after freeing space",
                        60,
                        () -> !periodic(stack, prefix).equals(stuck) || finished(stack, prefix));
                double recovered = (System.nanoTime() - freed) / 1e9;
                SweepResult r = sweep.getResult(SweepResult.class);
                assertTrue(r.failures().isEmpty(), r.failures().toString());
                assertEquals(1, r.cells().size());
                System.out.printf(
                        "object store disk full: said in the progress after %.1f s (%s); checkpoints stored again %.1f s after "
                                + "space was freed; the cell finished%n",
                        said, note, recovered);
            }
        } finally {
            new ProcessBuilder("umount", "-l", s3.toString()).start().waitFor();
        }
    }

    /** Writes to {@code f} until the file system refuses. */
    private static void fill(Path f) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(f)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    private static List<String> periodic(Stack stack, String prefix) {
        try {
            return stack.store().list(prefix).stream().filter(k -> k.contains("/epoch-")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean finished(Stack stack, String prefix) {
        try {
            return stack.store().sha256(prefix + "final.ckpt").isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @return the note the cell's training heartbeats, empty if none
     */
    private static String note(WorkflowClient client, String cellWorkflow) {
        try {
            var d =
                    client.getWorkflowServiceStubs()
                            .blockingStub()
                            .describeWorkflowExecution(
                                    DescribeWorkflowExecutionRequest.newBuilder()
                                            .setNamespace("default")
                                            .setExecution(
                                                    WorkflowExecution.newBuilder()
                                                            .setWorkflowId(cellWorkflow))
                                            .build());
            for (var a : d.getPendingActivitiesList()) {
                if (a.hasHeartbeatDetails()) {
                    return DefaultDataConverter.STANDARD_INSTANCE
                            .fromPayloads(
                                    0,
                                    Optional.of(a.getHeartbeatDetails()),
                                    TrainingProgress.class,
                                    TrainingProgress.class)
                            .note();
                }
            }
        } catch (RuntimeException e) {
            return "";
        }
        return "";
    }

    private static List<TrackedRun> cellRuns(Stack stack, String exp, String sweepId) {
        try {
            return stack.tracker()
                    .findRuns(
                            exp,
                            Map.of(
                                    TrackingActivitiesImpl.ROLE_TAG,
                                    "cell",
                                    TrackingActivitiesImpl.SWEEP_TAG,
                                    sweepId));
        } catch (IOException e) {
            return List.of(); // MLflow is down
        }
    }

    private static boolean healthy(String mlflow) {
        try {
            return HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(mlflow + "/health"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(String what, int seconds, BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!done.getAsBoolean()) {
            assertTrue(
                    System.currentTimeMillis() < deadline, "waited " + seconds + " s for " + what);
            Thread.sleep(200);
        }
    }
}
