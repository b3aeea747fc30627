package io.mlaops.infra.cli;

import io.mlaops.activities.common.TaskQueues;
import io.mlaops.infra.services.ServiceConfig;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.services.StackState;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.mlaops.workflows.sweep.SweepStubs;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code mla bench sweep --spec FILE --slots N}: runs a sweep spec on the local stack with N
 * training slots (the {@code dev up} worker plus N-1 worker processes on the device queue) and says
 * where the time went. The sweep is renamed and its seeds shifted by a fresh offset, so that every
 * cell is new to the cell store and trains; staging is whatever the stack does (a staged data set
 * is reused).
 *
 * <p>Figures: wall time of the sweep workflow; summed training time as the trainers measure it; the
 * ideal (summed / slots); the overhead {@code wall / ideal - 1}. The breakdown adds up, over all
 * cells, the time of each phase from Temporal's history (when each activity started and closed) and
 * from the activities' own timings where they report them (data load, checkpoint uploads,
 * evaluation inside the training activity); "idle slot time" is slots x wall minus the time the
 * slots were busy with device activities: scheduling gaps, staging, tracking waits.
 */
final class SweepBench {
    private SweepBench() {}

    /** Phase totals of one sweep. */
    record Report(
            String sweepId,
            int cells,
            int slots,
            double wallSeconds,
            double trainSeconds,
            Map<String, Double> phases,
            double idleSlotSeconds,
            Map<String, Long> peakRssMb,
            double mlflowSearchMsStart,
            double mlflowSearchMsEnd) {
        double ideal() {
            return trainSeconds / slots;
        }

        double overheadPercent() {
            return 100 * (wallSeconds / ideal() - 1);
        }
    }

    static int run(Path specFile, int slots, Path jsonOut, boolean force, PrintStream out)
            throws Exception {
        // the output file is checked before a sweep of minutes, not after it
        Path json = jsonOut == null ? null : OutputPaths.checkFile(jsonOut, force, "--json");
        if (slots < 1 || slots > java.lang.Runtime.getRuntime().availableProcessors() * 4) {
            throw new IllegalArgumentException(
                    "--slots "
                            + slots
                            + ": expected 1 to "
                            + java.lang.Runtime.getRuntime().availableProcessors() * 4);
        }
        String text =
                io.mlaops.model.util.TextFiles.read(specFile, "a YAML sweep spec (UTF-8 text)");
        SweepSpec parsed = io.mlaops.infra.sweep.SweepSpecParser.parse(text, Platform.kinds());
        ServiceConfig cfg = Platform.config();
        StackState state = StackState.readLive(cfg.home()).orElse(null);
        if (state == null) {
            state = DevCommand.up(false);
            if (state == null) {
                return 1;
            }
        }
        // cells are content: a renamed spec would take its cells from the store. Seeds shifted by
        // a fresh offset make every cell new, so every cell trains (same work, other seeds)
        long stamp = System.currentTimeMillis();
        String name = parsed.name() + "-bench-" + stamp;
        long offset = (stamp % 1_000_000L) * 1_000L;
        SweepSpec spec =
                new SweepSpec(
                        name,
                        parsed.datasets(),
                        parsed.recipes(),
                        parsed.seeds().stream().map(s -> s + offset).toList(),
                        parsed.trainer(),
                        parsed.options(),
                        parsed.maxParallel(),
                        parsed.dfVariant(),
                        parsed.fusionWeights(),
                        parsed.missingFractions(),
                        parsed.heartbeatSeconds());
        String id = io.mlaops.infra.sweep.SweepSpecParser.sweepId(spec);
        List<Process> workers = new ArrayList<>();
        RssSampler rss = new RssSampler();
        try (Stack stack = Platform.connect()) {
            for (int i = 1; i < slots; i++) {
                workers.add(startWorker(cfg.home(), i));
            }
            awaitPollers(stack.workflowClient(), slots);
            rss.watch("stack process", state.pid());
            for (int i = 0; i < workers.size(); i++) {
                rss.watch("worker " + (i + 1), workers.get(i).pid());
            }
            rss.watchChildren("mlflow", cfg.home().resolve("run").resolve("mlflow.pid"));
            rss.watchChildren("temporal", cfg.home().resolve("run").resolve("temporal.pid"));
            rss.start();
            io.mlaops.infra.services.MlflowTracker mlflow =
                    (io.mlaops.infra.services.MlflowTracker) stack.tracker();
            double searchStart = mlflowSearchMs(mlflow, name);
            out.printf(
                    Locale.ROOT,
                    "mla bench sweep: %s with %d training slot(s), sweep %s%n",
                    specFile,
                    slots,
                    id);
            WorkflowClient client = stack.workflowClient();
            AblationSweepWorkflow wf = SweepStubs.toStart(client, id);
            WorkflowClient.start(wf::run, new SweepRequest(spec, id, List.of(), 200));
            SweepResult result = WorkflowStub.fromTyped(wf).getResult(SweepResult.class);
            if (!result.failures().isEmpty()) {
                throw new IllegalStateException(
                        "the benchmark sweep had failed cells: " + result.failures());
            }
            double searchEnd = mlflowSearchMs(mlflow, name);
            rss.stop();
            Report r = analyse(client, id, result, slots, rss.peaks(), searchStart, searchEnd);
            print(r, out);
            if (json != null) {
                OutputPaths.write(
                        json,
                        force,
                        "--json",
                        o ->
                                new com.fasterxml.jackson.databind.ObjectMapper()
                                        .writerWithDefaultPrettyPrinter()
                                        .writeValue(o, r));
            }
            return 0;
        } finally {
            rss.stop();
            for (Process p : workers) {
                p.destroy();
            }
            for (Process p : workers) {
                p.waitFor();
            }
        }
    }

    private static Process startWorker(Path home, int n) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log =
                io.mlaops.infra.services.PrivateFiles.file(
                        io.mlaops.infra.services.PrivateFiles.directory(home.resolve("logs"))
                                .resolve("bench-worker-" + n + ".log"));
        ProcessBuilder pb =
                new ProcessBuilder(
                                java,
                                "-Xmx4g",
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                MlaCli.class.getName(),
                                "worker",
                                "--queues",
                                "gpu",
                                "--max-trainings",
                                "1",
                                "--metrics-port",
                                "0",
                                "--identity",
                                "bench-gpu-" + n)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    /**
     * Waits until the device queue has as many pollers as slots (each worker polls once started).
     */
    private static void awaitPollers(WorkflowClient client, int slots) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            var resp =
                    client.getWorkflowServiceStubs()
                            .blockingStub()
                            .describeTaskQueue(
                                    io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest
                                            .newBuilder()
                                            .setNamespace(client.getOptions().getNamespace())
                                            .setTaskQueue(
                                                    io.temporal.api.taskqueue.v1.TaskQueue
                                                            .newBuilder()
                                                            .setName(TaskQueues.GPU))
                                            .setTaskQueueType(
                                                    io.temporal.api.enums.v1.TaskQueueType
                                                            .TASK_QUEUE_TYPE_ACTIVITY)
                                            .build());
            java.util.Set<String> identities = new java.util.HashSet<>();
            resp.getPollersList().forEach(p -> identities.add(p.getIdentity()));
            if (identities.size() >= slots) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                "the extra workers did not start polling in 120 s: see $MLA_HOME/logs/bench-worker-*.log");
    }

    private static double mlflowSearchMs(
            io.mlaops.infra.services.MlflowTracker mlflow, String experiment) throws IOException {
        // the look-up every cell's tracking makes: a tag search over the sweep's experiment (median
        // of 5),
        // empty before the sweep, every cell's run after it
        String exp = mlflow.experimentId(experiment);
        double[] t = new double[5];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            mlflow.findRuns(exp, Map.of("mla.role", "cell"));
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[2];
    }

    static Report analyse(
            WorkflowClient client,
            String sweepId,
            SweepResult result,
            int slots,
            Map<String, Long> rss,
            double searchStart,
            double searchEnd) {
        List<HistoryEvent> sweep = history(client, sweepId);
        double wall = seconds(sweep.get(0), sweep.get(sweep.size() - 1));
        Map<String, Double> phases = new LinkedHashMap<>();
        activityTimes(sweep).forEach((type, s) -> phases.merge(phaseOf(type), s, Double::sum));
        double deviceBusy = 0;
        double train = 0;
        List<double[]> tracking = new ArrayList<>(); // (cell start, its RecordCell seconds)
        for (CellOutcome c : result.cells()) {
            train += c.trainSeconds();
            if (!c.origin().isEmpty() && !c.origin().equals("trained")) {
                continue; // taken from the store: no workflow of this sweep ran it
            }
            List<HistoryEvent> cell =
                    history(
                            client,
                            c.cellId().isEmpty()
                                    ? sweepId + "." + c.cell().key()
                                    : io.mlaops.model.cell.CellIdentity.workflowId(c.cellId()));
            Map<String, Double> times = activityTimes(cell);
            var t0 = cell.get(0).getEventTime();
            tracking.add(
                    new double[] {
                        t0.getSeconds() + t0.getNanos() / 1e9,
                        times.getOrDefault("RecordCell", Double.NaN)
                    });
            times.forEach((type, s) -> phases.merge(phaseOf(type), s, Double::sum));
            deviceBusy += times.getOrDefault("Train", 0.0) + times.getOrDefault("Evaluate", 0.0);
            // the cell's own overhead around its training: before (workflow start, dispatch,
            // waiting for a
            // slot) and after (evaluation, tracking, completion)
            HistoryEvent trainStarted = null;
            HistoryEvent trainClosed = null;
            for (HistoryEvent e : cell) {
                if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
                        && trainStarted == null) {
                    trainStarted = e;
                }
                if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
                        && trainClosed == null) {
                    trainClosed = e;
                }
            }
            if (trainStarted != null && trainClosed != null) {
                phases.merge(
                        "cell start -> training activity starts",
                        seconds(cell.get(0), trainStarted),
                        Double::sum);
                phases.merge(
                        "training activity ends -> cell ends",
                        seconds(trainClosed, cell.get(cell.size() - 1)),
                        Double::sum);
            }
            c.timings()
                    .forEach(
                            (k, v) ->
                                    phases.merge(
                                            k.equals("tracking")
                                                    ? "tracking (RecordCell, as the cell waited for it)"
                                                    : "  inside the training activity: " + k,
                                            v,
                                            Double::sum));
        }
        // does tracking slow down as runs pile up? the cells' own wait for it, first tenth against
        // last tenth
        tracking.sort(java.util.Comparator.comparingDouble(x -> x[0]));
        List<Double> byStart = tracking.stream().map(x -> x[1]).toList();
        int tenth = Math.max(1, byStart.size() / 10);
        phases.put(
                "RecordCell per cell, mean of the first tenth of cells",
                mean(byStart.subList(0, tenth)));
        phases.put(
                "RecordCell per cell, mean of the last tenth of cells",
                mean(byStart.subList(byStart.size() - tenth, byStart.size())));
        return new Report(
                sweepId,
                result.cells().size(),
                slots,
                wall,
                train,
                phases,
                slots * wall - deviceBusy,
                rss,
                searchStart,
                searchEnd);
    }

    private static double mean(List<Double> xs) {
        return xs.stream()
                .mapToDouble(Double::doubleValue)
                .filter(Double::isFinite)
                .average()
                .orElse(Double.NaN);
    }

    private static String phaseOf(String activityType) {
        return switch (activityType) {
            case "Stage" -> "staging";
            case "Train" ->
                    "training activity (load, train, checkpoints" + ", evaluation when fused)";
            case "Evaluate" -> "evaluation activity";
            default -> "tracking (" + activityType + ")";
        };
    }

    /**
     * @return per activity type, the summed seconds from started to closed, over the history
     */
    private static Map<String, Double> activityTimes(List<HistoryEvent> events) {
        Map<Long, String> typeByScheduled = new HashMap<>();
        Map<Long, HistoryEvent> started = new HashMap<>();
        Map<String, Double> out = new TreeMap<>();
        for (HistoryEvent e : events) {
            if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                typeByScheduled.put(
                        e.getEventId(),
                        e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
            } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
                started.put(e.getActivityTaskStartedEventAttributes().getScheduledEventId(), e);
            } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
                long sched = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
                HistoryEvent s = started.get(sched);
                if (s != null) {
                    out.merge(typeByScheduled.get(sched), seconds(s, e), Double::sum);
                }
            }
        }
        return out;
    }

    private static double seconds(HistoryEvent a, HistoryEvent b) {
        var x = a.getEventTime();
        var y = b.getEventTime();
        return (y.getSeconds() - x.getSeconds()) + (y.getNanos() - x.getNanos()) / 1e9;
    }

    private static List<HistoryEvent> history(WorkflowClient client, String workflowId) {
        List<HistoryEvent> out = new ArrayList<>();
        com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse r =
                    client.getWorkflowServiceStubs()
                            .blockingStub()
                            .getWorkflowExecutionHistory(
                                    GetWorkflowExecutionHistoryRequest.newBuilder()
                                            .setNamespace(client.getOptions().getNamespace())
                                            .setExecution(
                                                    WorkflowExecution.newBuilder()
                                                            .setWorkflowId(workflowId))
                                            .setNextPageToken(token)
                                            .build());
            out.addAll(r.getHistory().getEventsList());
            token = r.getNextPageToken();
        } while (!token.isEmpty());
        return out;
    }

    static void print(Report r, PrintStream out) {
        out.printf(Locale.ROOT, "%n%d cells, %d slot(s)%n", r.cells(), r.slots());
        out.printf(Locale.ROOT, "  wall time                      %8.1f s%n", r.wallSeconds());
        out.printf(Locale.ROOT, "  summed training (trainers)     %8.1f s%n", r.trainSeconds());
        out.printf(Locale.ROOT, "  ideal (summed / slots)         %8.1f s%n", r.ideal());
        out.printf(Locale.ROOT, "  overhead over the ideal        %8.1f %%%n", r.overheadPercent());
        out.println("  time per phase, summed over cells (seconds):");
        r.phases().forEach((k, v) -> out.printf(Locale.ROOT, "    %-58s %8.1f%n", k, v));
        out.printf(
                Locale.ROOT,
                "    %-58s %8.1f%n",
                "idle slot time (slots x wall - device activities)",
                r.idleSlotSeconds());
        out.println("  peak resident memory (MB):");
        r.peakRssMb().forEach((k, v) -> out.printf(Locale.ROOT, "    %-20s %6d%n", k, v));
        out.printf(
                Locale.ROOT,
                "  MLflow tag search over the sweep's experiment: %.0f ms before the sweep, %.0f ms after it (%d runs)%n",
                r.mlflowSearchMsStart(),
                r.mlflowSearchMsEnd(),
                r.cells());
    }

    /**
     * Samples the resident memory of processes (and their children) every 200 ms, keeping peaks.
     */
    private static final class RssSampler {
        private final Map<String, Long> pids = new LinkedHashMap<>();
        private final Map<String, Path> groups = new LinkedHashMap<>();
        private final Map<String, Long> peaks = new java.util.concurrent.ConcurrentHashMap<>();
        private Thread thread;
        private volatile boolean running;

        void watch(String name, long pid) {
            pids.put(name, pid);
        }

        void watchChildren(String name, Path pidFile) {
            groups.put(name, pidFile);
        }

        void start() {
            running = true;
            thread =
                    new Thread(
                            () -> {
                                while (running) {
                                    pids.forEach(
                                            (n, p) ->
                                                    peaks.merge(
                                                            n,
                                                            rssMb(ProcessHandle.of(p)),
                                                            Math::max));
                                    groups.forEach(
                                            (n, f) -> {
                                                try {
                                                    long leader =
                                                            Long.parseLong(
                                                                    Files.readString(f)
                                                                            .trim()
                                                                            .split("\\s+")[0]);
                                                    ProcessHandle.of(leader)
                                                            .ifPresent(
                                                                    h -> {
                                                                        long sum =
                                                                                rssMb(
                                                                                                java
                                                                                                        .util
                                                                                                        .Optional
                                                                                                        .of(
                                                                                                                h))
                                                                                        + h.descendants()
                                                                                                .mapToLong(
                                                                                                        d ->
                                                                                                                rssMb(
                                                                                                                        java
                                                                                                                                .util
                                                                                                                                .Optional
                                                                                                                                .of(
                                                                                                                                        d)))
                                                                                                .sum();
                                                                        peaks.merge(
                                                                                n, sum, Math::max);
                                                                    });
                                                } catch (IOException | RuntimeException e) {
                                                    // not embedded, or restarting
                                                }
                                            });
                                    try {
                                        Thread.sleep(200);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
        }

        Map<String, Long> peaks() {
            return new TreeMap<>(peaks);
        }

        private static long rssMb(java.util.Optional<ProcessHandle> h) {
            if (h.isEmpty()) {
                return 0;
            }
            try {
                for (String line :
                        Files.readAllLines(
                                Path.of("/proc", Long.toString(h.get().pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return 0;
            }
            return 0;
        }
    }
}
