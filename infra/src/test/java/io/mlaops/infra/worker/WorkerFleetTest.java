package io.mlaops.infra.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.tracking.TrackedRun;
import io.mlaops.activities.tracking.TrackingActivitiesImpl;
import io.mlaops.infra.TestPorts;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.services.Stack;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.mlaops.workflows.sweep.SweepStubs;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Many workers, one sweep, on the real local stack (Temporal over gRPC, S3Proxy, MLflow): worker
 * processes started as users start them ({@code mla worker}), configured by environment variables
 * as a pod is: one for workflows and CPU work ({@code cpu-0}) and two for the device queue with
 * {@code --max-trainings 1} ({@code gpu-a}, {@code gpu-b}, training on the CPU here).
 *
 * <ol>
 *   <li>A 12-cell sweep spreads over both training workers (counted from the MLflow tag {@code
 *       mla.worker} of each cell). Then the same sweep again, and once {@code gpu-a} has finished a
 *       cell of it, it is killed (SIGKILL) inside its next one, past a heartbeat that names a
 *       checkpoint (5 s heartbeat timeout): that cell and every later one finish on {@code gpu-b},
 *       the killed cell resumed from its checkpoint, and all 12 cells' numbers equal the unfaulted
 *       sweep's, bit for bit.
 *   <li>SIGTERM to the worker training a cell: it checkpoints at the current batch, exits within
 *       its grace, and another worker resumes the cell from there; the numbers are again bitwise
 *       those of the unfaulted run.
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerFleetTest {
    private static final int EPOCHS = 120;
    private static final List<String> HGM = List.of("paper", "off");
    private static final List<Long> SEEDS = List.of(0L, 1L, 2L, 3L, 4L, 5L);

    private static Path home;
    private static Stack stack;
    private static Properties creds;
    private static final Map<String, Process> WORKERS = new LinkedHashMap<>();
    private static final Map<String, CellMetrics> REFERENCE = new TreeMap<>();

    @BeforeAll
    static void startStackAndWorkers() throws Exception {
        home = Files.createTempDirectory("mla-fleet");
        stack = TestSupport.startStack(TestSupport.config(home));
        creds = new Properties();
        try (var in = Files.newBufferedReader(home.resolve("s3-credentials.properties"))) {
            creds.load(in);
        }
        worker("cpu-0", "workflows,cpu");
        worker("gpu-a", "gpu");
        worker("gpu-b", "gpu");
    }

    @AfterAll
    static void stopEverything() {
        WORKERS.values().forEach(Process::destroyForcibly);
        if (stack != null) {
            stack.close();
        }
    }

    /** Starts {@code mla worker} in its own JVM and waits until it polls. */
    private static Process worker(String identity, String queues) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                java,
                                "-Dai.djl.offline=true",
                                "-Xmx1g",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "io.mlaops.infra.cli.MlaCli",
                                "worker",
                                "--queues",
                                queues,
                                "--identity",
                                identity,
                                "--metrics-port",
                                Integer.toString(TestPorts.reserve())));
        if (queues.contains("gpu")) {
            cmd.addAll(List.of("--max-trainings", "1", "--device", "cpu"));
        }
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve(identity + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("TEMPORAL_ADDRESS", stack.temporalTarget());
        env.put("MLA_S3_ENDPOINT", stack.s3Endpoint());
        env.put("MLA_S3_ACCESS_KEY", creds.getProperty("access_key"));
        env.put("MLA_S3_SECRET_KEY", creds.getProperty("secret_key"));
        env.put("MLFLOW_TRACKING_URI", stack.mlflowUri());
        env.put("MLA_HOME", Files.createDirectories(home.resolve(identity)).toString());
        env.put("MLA_GIT_COMMIT", "0".repeat(40));
        env.put("MLA_SHUTDOWN_GRACE_SECONDS", "30");
        env.put("MLA_CHECKPOINT_SECONDS", "0.5"); // cells checkpoint several times before a kill
        // the engine's native library, extracted once for this machine rather than once per worker
        // home
        env.putIfAbsent(
                "ENGINE_CACHE_DIR", Path.of(System.getProperty("user.home"), ".djl.ai").toString());
        Process p = pb.start();
        WORKERS.put(identity, p);
        long deadline = System.currentTimeMillis() + 120_000;
        while (!log(identity).contains("serving")) {
            assertTrue(p.isAlive(), identity + " died: " + log(identity));
            assertTrue(
                    System.currentTimeMillis() < deadline,
                    identity + " did not start: " + log(identity));
            Thread.sleep(200);
        }
        return p;
    }

    private static String log(String identity) throws java.io.IOException {
        Path f = home.resolve(identity + ".log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** One sweep per experiment: each sweep's cell runs are its own to count. */
    private static SweepSpec spec(String name, List<Long> seeds) {
        return new SweepSpec(
                name,
                List.of(new DatasetSource("synthetic", "synthetic", Map.of("seed", "0"))),
                List.of(new io.mlaops.workflows.sweep.RecipeChoice("mla", HGM)),
                seeds,
                TrainerConfig.builder().epochs(EPOCHS).build(),
                Map.of(),
                4,
                "sample",
                List.of(),
                List.of(0.5),
                5);
    }

    private static WorkflowStub sweep(String id, List<Long> seeds) {
        AblationSweepWorkflow wf = SweepStubs.toStart(stack.workflowClient(), id);
        WorkflowClient.start(wf::run, new SweepRequest(spec(id, seeds), id, List.of(), 100));
        return WorkflowStub.fromTyped(wf);
    }

    /**
     * @return the worker identity of each cell's MLflow run, by cell key
     */
    private static Map<String, String> trainedBy(String sweepId) throws Exception {
        String exp = stack.tracker().experimentId(sweepId);
        Map<String, String> out = new TreeMap<>();
        for (TrackedRun run :
                stack.tracker()
                        .findRuns(
                                exp,
                                Map.of(
                                        TrackingActivitiesImpl.ROLE_TAG,
                                        "cell",
                                        TrackingActivitiesImpl.SWEEP_TAG,
                                        sweepId))) {
            assertEquals("FINISHED", run.status());
            assertTrue(
                    out.put(
                                    run.tags().get(TrackingActivitiesImpl.CELL_TAG),
                                    run.tags().get(TrackingActivitiesImpl.WORKER_TAG))
                            == null,
                    "two runs for one cell");
        }
        return out;
    }

    /**
     * @return whether a cell run of the sweep has finished with the given worker's tag (polled
     *     while it runs)
     */
    private static boolean finishedOn(String sweepId, String worker) throws Exception {
        String exp = stack.tracker().experimentId(sweepId);
        return stack
                .tracker()
                .findRuns(
                        exp,
                        Map.of(
                                TrackingActivitiesImpl.ROLE_TAG,
                                "cell",
                                TrackingActivitiesImpl.SWEEP_TAG,
                                sweepId))
                .stream()
                .anyMatch(
                        r ->
                                "FINISHED".equals(r.status())
                                        && worker.equals(
                                                r.tags().get(TrackingActivitiesImpl.WORKER_TAG)));
    }

    private static Map<String, Integer> count(Map<String, String> byCell) {
        Map<String, Integer> n = new TreeMap<>();
        byCell.values().forEach(w -> n.merge(w, 1, Integer::sum));
        return n;
    }

    /**
     * The cell whose training runs on {@code identity} and has a checkpoint stored well inside its
     * epochs (a retry resumes from the newest intact one in the store), if any.
     */
    private static Optional<String> trainingPastACheckpoint(String sweepId, String identity) {
        for (io.mlaops.model.recipe.CellSpec c :
                spec(sweepId, SEEDS).cells(Map.of("synthetic", List.of("a", "b")))) {
            {
                String cellId = TestSupport.cellId(c, spec(sweepId, SEEDS).datasets().get(0), home);
                String id = io.mlaops.model.cell.CellIdentity.workflowId(cellId);
                try {
                    var d =
                            stack.workflowClient()
                                    .getWorkflowServiceStubs()
                                    .blockingStub()
                                    .describeWorkflowExecution(
                                            DescribeWorkflowExecutionRequest.newBuilder()
                                                    .setNamespace("default")
                                                    .setExecution(
                                                            WorkflowExecution.newBuilder()
                                                                    .setWorkflowId(id))
                                                    .build());
                    for (PendingActivityInfo a : d.getPendingActivitiesList()) {
                        if (a.getActivityType().getName().equals("Train")
                                && identity.equals(a.getLastWorkerIdentity())) {
                            for (String k :
                                    stack.store()
                                            .list(
                                                    io.mlaops.activities.cells.CellStore
                                                            .checkpointPrefix(cellId))) {
                                var p = io.mlaops.activities.training.CheckpointName.parse(k);
                                if (p.isPresent()
                                        && !p.get().isFinal()
                                        && p.get().epoch() >= 2
                                        && p.get().epoch() < EPOCHS - 20) {
                                    return Optional.of(c.key());
                                }
                            }
                        }
                    }
                } catch (io.grpc.StatusRuntimeException | java.io.IOException e) {
                    // not started yet
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, CellOutcome> byCell(SweepResult r) {
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        Map<String, CellOutcome> out = new TreeMap<>();
        r.cells().forEach(c -> out.put(c.cell().key(), c));
        return out;
    }

    @Test
    @Order(1)
    void aSweepSpreadsOverTwoTrainingWorkersAndAKilledOneHandsItsCellOver() throws Exception {
        long t0 = System.nanoTime();
        SweepResult ref = sweep("fleet-ref", SEEDS).getResult(SweepResult.class);
        double refSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, CellOutcome> refCells = byCell(ref);
        assertEquals(12, refCells.size());
        refCells.forEach((k, c) -> REFERENCE.put(k, c.metrics()));
        Map<String, Integer> refCounts = count(trainedBy("fleet-ref"));
        System.out.printf(
                "unfaulted 12-cell sweep in %.1f s, cells per worker: %s%n", refSeconds, refCounts);
        assertEquals(
                java.util.Set.of("gpu-a", "gpu-b"),
                refCounts.keySet(),
                "only the GPU-queue workers train");
        assertTrue(
                refCounts.get("gpu-a") >= 2 && refCounts.get("gpu-b") >= 2,
                "not spread: " + refCounts);

        // the same content again: taken from the cell store unless the store forgets it
        TestSupport.forgetCells(stack.store());
        WorkflowStub faulted = sweep("fleet-kill", SEEDS);
        long deadline = System.currentTimeMillis() + 300_000;
        // mid-sweep: gpu-a has finished a cell of this sweep, then it is killed inside its next one
        while (!finishedOn("fleet-kill", "gpu-a")) {
            assertTrue(
                    System.currentTimeMillis() < deadline,
                    "gpu-a finished no cell of the faulted sweep");
            Thread.sleep(500);
        }
        Optional<String> victim = Optional.empty();
        while (victim.isEmpty()) {
            assertTrue(
                    System.currentTimeMillis() < deadline,
                    "gpu-a never trained a cell past a checkpoint");
            Thread.sleep(100);
            victim = trainingPastACheckpoint("fleet-kill", "gpu-a");
        }
        WORKERS.get("gpu-a")
                .destroyForcibly()
                .waitFor(); // SIGKILL: no hook, no checkpoint on the way out
        String killedCell = victim.get();
        SweepResult r = faulted.getResult(SweepResult.class);
        Map<String, CellOutcome> cells = byCell(r);
        Map<String, String> by = trainedBy("fleet-kill");
        System.out.printf(
                "faulted sweep: gpu-a killed while training %s; cells per worker: %s; %s resumed from epoch %d on %s%n",
                killedCell,
                count(by),
                killedCell,
                cells.get(killedCell).resumedFromEpoch(),
                by.get(killedCell));
        assertEquals(12, cells.size());
        assertEquals(
                "gpu-b", by.get(killedCell), "the killed worker's cell moved to the other one");
        assertTrue(
                count(by).getOrDefault("gpu-a", 0) >= 1,
                "gpu-a trained before it was killed: " + count(by));
        assertTrue(
                cells.get(killedCell).resumedFromEpoch() >= 2, "not resumed from its checkpoint");
        for (Map.Entry<String, CellOutcome> e : cells.entrySet()) {
            assertIdentical(REFERENCE.get(e.getKey()), e.getValue().metrics(), e.getKey());
        }
    }

    @Test
    @Order(2)
    void sigtermCheckpointsTheRunningTrainingAndAnotherWorkerResumesIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                REFERENCE.isEmpty(), "needs the unfaulted sweep of the first test");
        worker("gpu-c", "gpu");
        TestSupport.forgetCells(stack.store());
        WorkflowStub s = sweep("fleet-term", List.of(0L)); // cells paper.s0 and off.s0
        long deadline = System.currentTimeMillis() + 300_000;
        String victim = null;
        Optional<String> cell = Optional.empty();
        while (cell.isEmpty()) {
            assertTrue(System.currentTimeMillis() < deadline, "no training got past a checkpoint");
            Thread.sleep(100);
            for (String w : List.of("gpu-b", "gpu-c")) {
                cell = trainingPastACheckpoint("fleet-term", w);
                if (cell.isPresent()) {
                    victim = w;
                    break;
                }
            }
        }
        String key = cell.get();
        Process p = WORKERS.get(victim);
        long t = System.nanoTime();
        p.destroy(); // SIGTERM, as Kubernetes sends it
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), victim + " did not exit after SIGTERM");
        double exitSeconds = (System.nanoTime() - t) / 1e9;
        assertTrue(log(victim).contains("stopping: checkpointing running trainings"), log(victim));
        SweepResult r = s.getResult(SweepResult.class);
        Map<String, CellOutcome> cells = byCell(r);
        Map<String, String> by = trainedBy("fleet-term");
        String survivor = victim.equals("gpu-b") ? "gpu-c" : "gpu-b";
        System.out.printf(
                "SIGTERM to %s while training %s: exited in %.1f s; resumed from epoch %d on %s%n",
                victim, key, exitSeconds, cells.get(key).resumedFromEpoch(), by.get(key));
        assertEquals(survivor, by.get(key));
        assertTrue(cells.get(key).resumedFromEpoch() >= 2, "not resumed from a checkpoint");
        for (Map.Entry<String, CellOutcome> e : cells.entrySet()) {
            assertIdentical(REFERENCE.get(e.getKey()), e.getValue().metrics(), e.getKey());
        }
    }

    private static void assertIdentical(CellMetrics a, CellMetrics b, String cell) {
        assertEquals(a.fixedAccuracy(), b.fixedAccuracy(), 0.0, cell);
        assertEquals(a.dynamicAccuracy(), b.dynamicAccuracy(), 0.0, cell);
        assertEquals(a.fixedMacroF1(), b.fixedMacroF1(), 0.0, cell);
        assertEquals(a.dynamicMacroF1(), b.dynamicMacroF1(), 0.0, cell);
        assertEquals(a.modalityAccuracy(), b.modalityAccuracy(), cell);
        assertEquals(a.modalityGap(), b.modalityGap(), 0.0, cell);
        assertEquals(a.missing(), b.missing(), cell);
        assertTrue(java.util.Arrays.deepEquals(a.confusion(), b.confusion()), cell);
    }
}
