package io.mlaops.infra.cli;

import io.mlaops.infra.services.EmbeddedMlflow;
import io.mlaops.infra.services.LocalPorts;
import io.mlaops.infra.services.LocalPrometheus;
import io.mlaops.infra.services.PythonTool;
import io.mlaops.infra.services.ServiceConfig;
import io.mlaops.infra.services.ServiceHealth;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.services.StackState;
import io.mlaops.infra.services.TemporalDevServer;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.infra.worker.WorkerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code mla dev up | down | status}: the local stack (object store, MLflow, Temporal) and a
 * worker.
 */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        description = "Start, stop or inspect the local stack.",
        subcommands = {
            DevCommand.Up.class,
            DevCommand.Down.class,
            DevCommand.Status.class,
            DevCommand.Serve.class
        })
final class DevCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Usage: mla dev up | down | status");
    }

    /** Starts the stack in a background process and waits until it is healthy. */
    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = "Start the local stack and a worker; print the URLs.")
    static final class Up implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(
                names = "--prometheus",
                description =
                        "Also start a local Prometheus (Debian's package) scraping the stack with the alert rules loaded, "
                                + "on 127.0.0.1:$MLA_PROMETHEUS_PORT (9090)")
        boolean prometheus;

        @Override
        public Integer call() throws Exception {
            return up(true, prometheus) != null ? 0 : 1;
        }
    }

    /** As {@link #up(boolean, boolean)} without a local Prometheus. */
    static StackState up(boolean print) throws Exception {
        return up(print, false);
    }

    /**
     * Installs what the embedded services need (in the foreground, so the user sees it), then
     * starts the stack process and waits until it reports healthy.
     *
     * @param print whether to print the URLs
     * @param prometheus whether to start a local Prometheus with the alert rules too
     * @return the running stack's state, or null when it failed (the reason is printed)
     */
    static StackState up(boolean print, boolean prometheus) throws Exception {
        ServiceConfig cfg = Platform.config();
        LocalPorts.fromEnv(
                System.getenv()); // a bad port variable fails here, not in the background
        io.mlaops.infra.metrics.TemporalStateMetrics.interval(System.getenv());
        if (prometheus) {
            LocalPrometheus.Ports.fromEnv(System.getenv());
            LocalPrometheus.interval(System.getenv());
            if (LocalPrometheus.binary().isEmpty()) {
                throw new IllegalArgumentException(
                        "--prometheus: prometheus is not installed: run "
                                + LocalPrometheus.INSTALL);
            }
        }
        Optional<StackState> live = StackState.readLive(cfg.home());
        if (live.isPresent()) {
            if (print) {
                System.out.println(
                        "The local stack is already running (pid " + live.get().pid() + ").");
                if (prometheus && live.get().prometheusUrl().isEmpty()) {
                    System.out.println(
                            "  It runs without Prometheus: './mla dev down', then './mla dev up --prometheus'.");
                }
                describe(live.get(), cfg.home());
            }
            return live.get();
        }
        Files.deleteIfExists(StackState.file(cfg.home()));
        Path logs = Platform.logs();
        if (cfg.mlflowTrackingUri().isEmpty()) {
            PythonTool.pinned(EmbeddedMlflow.TOOL).ensureInstalled(cfg.venvs(), logs, System.err);
            EmbeddedMlflow.keepStoreBeforeUpgrade(cfg.home(), System.err);
        }
        if (cfg.temporalAddress().isEmpty()) {
            PythonTool.pinned(TemporalDevServer.TOOL)
                    .ensureInstalled(cfg.venvs(), logs, System.err);
        }
        Path log = io.mlaops.infra.services.PrivateFiles.file(logs.resolve("stack.log"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long t0 = System.nanoTime();
        List<String> serve =
                new java.util.ArrayList<>(
                        List.of(
                                java,
                                System.getenv().getOrDefault("MLA_STACK_XMX", "-Xmx8g"),
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                MlaCli.class.getName(),
                                "dev",
                                "serve"));
        if (prometheus) {
            serve.add("--prometheus");
        }
        Process p =
                new ProcessBuilder(serve)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        System.err.println(
                "mla: starting the local stack (object store, MLflow, Temporal, worker"
                        + (prometheus ? ", Prometheus" : "")
                        + "); log "
                        + log);
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<StackState> s = StackState.readLive(cfg.home());
            if (s.isPresent()) {
                if (print) {
                    System.out.printf(
                            Locale.ROOT,
                            "Local stack healthy in %.1f s (pid %d).%n",
                            (System.nanoTime() - t0) / 1e9,
                            s.get().pid());
                    describe(s.get(), cfg.home());
                }
                return s.get();
            }
            if (!p.isAlive()) {
                System.err.println(
                        "mla: the local stack failed to start: "
                                + lastLine(log)
                                + " (full log: "
                                + log
                                + ")");
                return null;
            }
            Thread.sleep(50);
        }
        p.destroy();
        System.err.println("mla: the local stack did not become healthy in 300 s: see " + log);
        return null;
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("mla: ")) {
                return lines.get(i).substring(lines.get(i).indexOf("mla: ") + 5);
            }
        }
        return lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1);
    }

    static void describe(StackState s, Path home) {
        System.out.println("  MLflow UI         " + s.mlflowUri());
        if (!s.temporalUi().isEmpty()) {
            System.out.println("  Temporal UI       " + s.temporalUi());
        }
        System.out.println("  Temporal          " + s.temporal() + " (gRPC)");
        System.out.println("  S3 endpoint       " + s.s3Endpoint());
        System.out.println("  worker metrics    " + s.metricsUrl());
        if (!s.prometheusUrl().isEmpty()) {
            System.out.println(
                    "  Prometheus        "
                            + s.prometheusUrl()
                            + " (alerts: "
                            + s.prometheusUrl()
                            + "/classic/alerts; more workers: files in "
                            + home.resolve("prometheus").resolve("targets")
                            + ")");
        }
        System.out.println("  embedded          " + String.join(", ", s.embedded()));
        System.out.println("  data lives in     " + home + " (s3/, mlflow/, temporal/, logs/)");
    }

    /** Stops what {@code up} started. */
    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Stop the local stack started by 'dev up'.")
    static final class Down implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ServiceConfig cfg = Platform.config();
            Optional<StackState> live = StackState.readLive(cfg.home());
            if (live.isEmpty()) {
                // services left behind by a stack process that was killed: stop them too
                List<String> leftovers = ServiceHealth.stopLeftovers(cfg.home());
                Files.deleteIfExists(StackState.file(cfg.home()));
                System.out.println(
                        leftovers.isEmpty()
                                ? "No local stack is running."
                                : "No local stack process was running; stopped its leftover services: "
                                        + String.join(", ", leftovers)
                                        + ".");
                return 0;
            }
            ProcessHandle h = ProcessHandle.of(live.get().pid()).orElseThrow();
            h.destroy();
            try {
                h.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            }
            ServiceHealth.stopLeftovers(cfg.home());
            Files.deleteIfExists(StackState.file(cfg.home()));
            System.out.println(
                    "Stopped the local stack (pid "
                            + live.get().pid()
                            + ": "
                            + String.join(", ", live.get().embedded())
                            + ", worker"
                            + (live.get().prometheusUrl().isEmpty() ? "" : ", prometheus")
                            + ").");
            return 0;
        }
    }

    /** Says what runs, by asking each service. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Say whether the local stack runs, and whether each service answers: exit 0 when all do, 1 when one does not (or a killed stack left services behind), 3 when no stack runs.")
    static final class Status implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ServiceConfig cfg = Platform.config();
            Optional<StackState> live = StackState.readLive(cfg.home());
            if (live.isEmpty()) {
                List<String> orphans = ServiceHealth.leftovers(cfg.home());
                if (!orphans.isEmpty()) {
                    System.out.println(
                            "No local stack process is running, but these services it started still run: "
                                    + String.join(", ", orphans)
                                    + " (./mla dev down stops them; ./mla dev up stops and restarts them).");
                    return 1;
                }
                System.out.println("No local stack is running (start it with ./mla dev up).");
                return 3; // "not running", as init scripts say it
            }
            StackState s = live.get();
            Map<String, String> health = ServiceHealth.check(s);
            boolean allUp = health.values().stream().allMatch("up"::equals);
            System.out.println(
                    "Local stack " + (allUp ? "running" : "DEGRADED") + " (pid " + s.pid() + ").");
            health.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-17s %s%n", k, v));
            describe(s, cfg.home());
            return allUp ? 0 : 1;
        }
    }

    /** The stack process itself (started by {@code up}). */
    @Command(
            name = "serve",
            hidden = true,
            description = "Run the local stack in this process (used by 'dev up').")
    static final class Serve implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--prometheus")
        boolean prometheus;

        @Override
        public Integer call() throws Exception {
            ServiceConfig cfg = Platform.config();
            LocalPorts ports = LocalPorts.fromEnv(System.getenv());
            int metricsPort = TemporalDevServer.port(System.getenv(), "MLA_METRICS_PORT", 9464);
            Stack stack;
            io.mlaops.infra.metrics.WorkerMetrics metrics;
            try {
                metrics = new io.mlaops.infra.metrics.WorkerMetrics().serve(metricsPort);
                stack = Stack.start(cfg, ports, metrics.temporalScope(), System.out);
            } catch (IOException e) {
                System.out.println("mla: " + e.getMessage());
                return 1;
            }
            // MLA_DEV_WORKER_QUEUES=workflows,cpu leaves training to separate (GPU) workers
            String queues =
                    System.getenv().getOrDefault("MLA_DEV_WORKER_QUEUES", "workflows,cpu,gpu");
            MlaWorker worker =
                    new MlaWorker(
                            stack.workflowClient(),
                            new WorkerSettings(Set.of(queues.split(",")), 1, 2000),
                            stack.store(),
                            stack.tracker(),
                            Platform.datasets(),
                            metrics.platform(),
                            Platform.workerTags());
            worker.start();
            if (Set.of(queues.split(",")).contains("workflows")) {
                metrics.watchTemporal(
                        stack.workflowClient(),
                        io.mlaops.infra.metrics.TemporalStateMetrics.interval(System.getenv()));
            }
            if (stack.embedded().contains("s3")) {
                metrics.localObjectStore(
                        "embedded", io.mlaops.infra.services.EmbeddedS3.root(cfg.home()));
            }
            LocalPrometheus prom = null;
            if (prometheus) {
                List<LocalPrometheus.Target> targets = new java.util.ArrayList<>();
                targets.add(
                        new LocalPrometheus.Target(
                                LocalPrometheus.WORKERS_JOB, "127.0.0.1:" + metrics.port()));
                if (stack.embedded().contains("temporal")) {
                    targets.add(
                            new LocalPrometheus.Target(
                                    "temporal", "127.0.0.1:" + ports.temporal().metrics()));
                }
                try {
                    prom =
                            LocalPrometheus.start(
                                    cfg.home(),
                                    LocalPrometheus.Ports.fromEnv(System.getenv()),
                                    targets,
                                    LocalPrometheus.interval(System.getenv()));
                } catch (IOException e) {
                    System.out.println("mla: " + e.getMessage());
                    worker.close();
                    stack.close();
                    metrics.close();
                    return 1;
                }
            }
            LocalPrometheus prometheusProcess = prom;
            StackState state =
                    new StackState(
                            ProcessHandle.current().pid(),
                            stack.temporalTarget(),
                            stack.temporalUi(),
                            stack.s3Endpoint(),
                            stack.mlflowUri(),
                            stack.embedded(),
                            "http://127.0.0.1:" + metrics.port() + "/metrics",
                            System.currentTimeMillis(),
                            prom == null ? "" : prom.url());
            CountDownLatch stopped = new CountDownLatch(1);
            java.lang.Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        if (prometheusProcess != null) {
                                            prometheusProcess.close();
                                        }
                                        worker.close();
                                        stack.close();
                                        metrics.close();
                                        try {
                                            Files.deleteIfExists(StackState.file(cfg.home()));
                                        } catch (IOException ignored) {
                                            // best effort
                                        }
                                        stopped.countDown();
                                    }));
            state.write(cfg.home());
            System.out.println("mla stack ready: " + state);
            stopped.await();
            return 0;
        }
    }
}
