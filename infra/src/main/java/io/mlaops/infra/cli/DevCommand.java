package io.mlaops.infra.cli;

import io.mlaops.infra.services.ServiceConfig;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.services.StackState;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.infra.worker.WorkerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/** {@code mla dev up | down | status}: the local stack (object store, MLflow, Temporal) and a worker. */
@Command(name = "dev", mixinStandardHelpOptions = true, description = "Start, stop or inspect the local stack.",
        subcommands = {DevCommand.Up.class, DevCommand.Down.class, DevCommand.Status.class, DevCommand.Serve.class})
final class DevCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Usage: mla dev up | down | status");
    }

    /** Starts the stack in a background process and waits until it is healthy. */
    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start the local stack and a worker; print the URLs.")
    static final class Up implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return up(true) != null ? 0 : 1;
        }
    }

    /**
     * @param print whether to print the URLs
     * @return the running stack's state, or null when it failed (the reason is printed)
     */
    static StackState up(boolean print) throws Exception {
        ServiceConfig cfg = Platform.config();
        Optional<StackState> live = StackState.readLive(cfg.home());
        if (live.isPresent()) {
            if (print) {
                System.out.println("The local stack is already running (pid " + live.get().pid() + ").");
                describe(live.get(), cfg.home());
            }
            return live.get();
        }
        Files.deleteIfExists(StackState.file(cfg.home()));
        Path log = Platform.logs().resolve("stack.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java, "-Xmx8g", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                MlaCli.class.getName(), "dev", "serve").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        System.err.println("mla: starting the local stack (object store, MLflow, Temporal, worker); log " + log);
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<StackState> s = StackState.readLive(cfg.home());
            if (s.isPresent()) {
                if (print) {
                    System.out.printf(Locale.ROOT, "Local stack healthy in %.1f s (pid %d).%n", (System.nanoTime() - t0) / 1e9, s.get().pid());
                    describe(s.get(), cfg.home());
                }
                return s.get();
            }
            if (!p.isAlive()) {
                System.err.println("mla: the local stack failed to start: " + lastLine(log) + " (full log: " + log + ")");
                return null;
            }
            Thread.sleep(200);
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
        System.out.println("  Temporal          " + s.temporal() + " (gRPC)");
        System.out.println("  S3 endpoint       " + s.s3Endpoint());
        System.out.println("  worker metrics    http://127.0.0.1:" + System.getenv().getOrDefault("MLA_METRICS_PORT", "9464") + "/metrics");
        System.out.println("  embedded          " + String.join(", ", s.embedded()));
        System.out.println("  data lives in     " + home + " (s3/, mlflow/, logs/)");
    }

    /** Stops what {@code up} started. */
    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local stack started by 'dev up'.")
    static final class Down implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ServiceConfig cfg = Platform.config();
            Optional<StackState> live = StackState.readLive(cfg.home());
            if (live.isEmpty()) {
                System.out.println("No local stack is running.");
                Files.deleteIfExists(StackState.file(cfg.home()));
                return 0;
            }
            ProcessHandle h = ProcessHandle.of(live.get().pid()).orElseThrow();
            h.destroy();
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            }
            Files.deleteIfExists(StackState.file(cfg.home()));
            System.out.println("Stopped the local stack (pid " + live.get().pid() + ": " + String.join(", ", live.get().embedded()) + ", worker).");
            return 0;
        }
    }

    /** Says what runs. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the local stack runs, and where.")
    static final class Status implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ServiceConfig cfg = Platform.config();
            Optional<StackState> live = StackState.readLive(cfg.home());
            if (live.isEmpty()) {
                System.out.println("No local stack is running (start it with ./mla dev up).");
                return 0;
            }
            System.out.println("Local stack running (pid " + live.get().pid() + ").");
            describe(live.get(), cfg.home());
            return 0;
        }
    }

    /** The stack process itself (started by {@code up}). */
    @Command(name = "serve", hidden = true, description = "Run the local stack in this process (used by 'dev up').")
    static final class Serve implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ServiceConfig cfg = Platform.config();
            int[] ports = {port("MLA_TEMPORAL_PORT", Stack.TEMPORAL_PORT), port("MLA_S3_PORT", Stack.S3_PORT),
                    port("MLA_MLFLOW_PORT", Stack.MLFLOW_PORT)};
            Stack stack;
            io.mlaops.infra.metrics.WorkerMetrics metrics;
            try {
                metrics = new io.mlaops.infra.metrics.WorkerMetrics().serve(port("MLA_METRICS_PORT", 9464));
                stack = Stack.start(cfg, ports, metrics.temporalScope());
            } catch (IOException e) {
                System.out.println("mla: " + e.getMessage());
                return 1;
            }
            // MLA_DEV_WORKER_QUEUES=workflows,cpu leaves training to separate (GPU) workers
            String queues = System.getenv().getOrDefault("MLA_DEV_WORKER_QUEUES", "workflows,cpu,gpu");
            MlaWorker worker = new MlaWorker(stack.workflowClient(), new WorkerSettings(Set.of(queues.split(",")), 1, 2000),
                    stack.store(), stack.tracker(), Platform.datasets(), metrics.platform(), Platform.workerTags());
            worker.start();
            StackState state = new StackState(ProcessHandle.current().pid(), stack.temporalTarget(), stack.s3Endpoint(),
                    stack.mlflowUri(), stack.embedded(), System.currentTimeMillis());
            CountDownLatch stopped = new CountDownLatch(1);
            java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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

        private static int port(String env, int dflt) {
            String v = System.getenv(env);
            try {
                return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(env + " '" + v + "' is not a port number");
            }
        }
    }
}
