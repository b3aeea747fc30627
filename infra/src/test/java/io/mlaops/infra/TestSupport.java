package io.mlaops.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared pieces of the infra integration tests. */
public final class TestSupport {
    /** Debian's chromium, installed by .ci/install-services.sh. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private TestSupport() {}

    /**
     * @return what specs are checked against in tests: the built-in kinds, {@code home} as MLA_HOME
     */
    public static io.mlaops.infra.sweep.SpecContext specs(Path home) {
        return new io.mlaops.infra.sweep.SpecContext(
                io.mlaops.model.data.kinds.DatasetKinds.builtIn(),
                io.mlaops.model.data.kinds.DatasetContext.of(home));
    }

    /**
     * @param home a test's MLA_HOME
     * @return the configuration of a test stack in {@code home}, sharing the installed Python tools
     *     ({@code MLA_VENVS}, set by the build) with every other test
     */
    public static io.mlaops.infra.services.ServiceConfig config(Path home) {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("MLA_HOME", home.toString());
        String venvs = System.getenv("MLA_VENVS");
        if (venvs != null) {
            env.put("MLA_VENVS", venvs);
        }
        return io.mlaops.infra.services.ServiceConfig.fromEnv(env);
    }

    /**
     * @return whether this run is CI's: a missing tool then fails a test instead of skipping it
     */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * A test that needs a tool skips without it on a developer's machine, and fails under {@code
     * CI=true}, so that CI cannot go green without running it.
     *
     * @param present whether the tool is there
     * @param what the tool and how to install it, e.g. "chromium (apt-get install -y chromium)"
     */
    public static void requireTool(boolean present, String what) {
        if (present) {
            return;
        }
        if (ci()) {
            throw new AssertionError(what + " is missing under CI=true: .ci/run installs it");
        }
        org.junit.jupiter.api.Assumptions.abort(what + " is missing: skipped on this machine");
    }

    /**
     * A worker on a test stack as the platform wires it: built-in data sets, no training observer,
     * runs tagged {@code mla.git_commit=test}. Call {@code start()} on it.
     *
     * @param queues the {@code --queues} names it polls, e.g. {@code Set.of("workflows", "cpu")}
     * @param heartbeatMillis how often training heartbeats (short in fault tests)
     */
    public static io.mlaops.infra.worker.MlaWorker worker(
            io.mlaops.infra.services.Stack stack,
            java.util.Set<String> queues,
            long heartbeatMillis) {
        return new io.mlaops.infra.worker.MlaWorker(
                stack.workflowClient(),
                new io.mlaops.infra.worker.WorkerSettings(queues, 1, heartbeatMillis),
                stack.store(),
                stack.tracker(),
                new io.mlaops.activities.staging.BuiltInDatasets(),
                io.mlaops.activities.training.TrainingObserver.NONE,
                java.util.Map.of("mla.git_commit", "test"));
    }

    private static final java.util.Map<String, String> HASHES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The content id a sweep on a CPU worker of this build gives a cell (the data set built here,
     * as a worker stages it).
     *
     * @param cell the cell
     * @param source its data set
     * @param home the home data sets are built in
     */
    public static String cellId(
            io.mlaops.model.recipe.CellSpec cell,
            io.mlaops.activities.staging.DatasetSource source,
            Path home) {
        String hash =
                HASHES.computeIfAbsent(
                        source.toString(),
                        k -> {
                            try {
                                return io.mlaops.model.data.DatasetFingerprint.sha256(
                                        new io.mlaops.activities.staging.BuiltInDatasets(
                                                        io.mlaops.model.data.kinds.DatasetKinds
                                                                .builtIn(),
                                                        io.mlaops.model.data.kinds.DatasetContext
                                                                .of(home))
                                                .build(source));
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
        return io.mlaops.model.cell.CellIdentity.id(
                cell, hash, io.mlaops.model.cell.EngineIdentity.of(ai.djl.Device.cpu()));
    }

    /**
     * Empties the cell store, so that the next sweep trains its cells again (tests that compare a
     * faulted run with an unfaulted one of the same content).
     */
    public static void forgetCells(io.mlaops.activities.store.BlobStore store)
            throws java.io.IOException {
        for (String k : store.list(io.mlaops.activities.cells.CellStore.ROOT)) {
            store.delete(k);
        }
    }

    /** What a command-line run in its own process printed. */
    public record Cli(int code, String out) {}

    /**
     * Runs {@code mla ARGS} in a new JVM on the test class path, as a user would from a shell.
     *
     * @param env variables added to this JVM's environment (MLA_HOME, ports)
     * @param timeoutSeconds how long it may take
     * @return exit code and output (stdout and stderr together)
     */
    public static Cli mla(java.util.Map<String, String> env, long timeoutSeconds, String... args)
            throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                javaBin,
                                "-Xmx1g",
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "io.mlaops.infra.cli.MlaCli"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        java.util.concurrent.CompletableFuture<String> out =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return new String(
                                        p.getInputStream().readAllBytes(),
                                        java.nio.charset.StandardCharsets.UTF_8);
                            } catch (IOException e) {
                                return e.toString();
                            }
                        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(
                    "mla "
                            + String.join(" ", args)
                            + " did not finish in "
                            + timeoutSeconds
                            + " s: "
                            + out.getNow(""));
        }
        return new Cli(p.exitValue(), out.get());
    }

    /**
     * Starts {@code mla ARGS} in a new JVM on the test class path and leaves it running (a server:
     * {@code mla dashboard}); its output goes nowhere.
     *
     * @param env variables added to this JVM's environment
     * @return the process (destroy it when done)
     */
    public static Process start(java.util.Map<String, String> env, String... args)
            throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                javaBin,
                                "-Xmx512m",
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "io.mlaops.infra.cli.MlaCli"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * @param home the stack's MLA_HOME
     * @return the environment of a local stack in {@code home} on reserved test ports, sharing the
     *     installed tools
     */
    public static java.util.Map<String, String> stackEnv(Path home) throws IOException {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("MLA_HOME", home.toString());
        String venvs = System.getenv("MLA_VENVS");
        if (venvs != null) {
            env.put("MLA_VENVS", venvs);
        }
        for (String v :
                List.of(
                        "MLA_TEMPORAL_PORT",
                        "MLA_TEMPORAL_UI_PORT",
                        "MLA_TEMPORAL_HTTP_PORT",
                        "MLA_TEMPORAL_METRICS_PORT",
                        "MLA_S3_PORT",
                        "MLA_MLFLOW_PORT",
                        "MLA_METRICS_PORT")) {
            env.put(v, Integer.toString(TestPorts.reserve()));
        }
        env.put("MLA_STACK_XMX", "-Xmx2g");
        env.put("MLA_CHECKPOINT_SECONDS", "1"); // short cells still checkpoint mid-training
        env.put("MLA_GIT_COMMIT", "test");
        return env;
    }

    /**
     * Starts a stack on {@linkplain TestPorts reserved test ports}; when a port turns out to be
     * taken after all (something outside the tests bound it between the reservation and the start),
     * starts it again on other ports.
     *
     * @param cfg the test's configuration
     * @param metrics where the Temporal SDK reports, or null
     * @return the running stack
     */
    public static io.mlaops.infra.services.Stack startStack(
            io.mlaops.infra.services.ServiceConfig cfg, com.uber.m3.tally.Scope metrics)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return io.mlaops.infra.services.Stack.start(
                        cfg, TestPorts.stack(), metrics, System.err);
            } catch (io.mlaops.infra.services.PortInUseException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.err.println(e.getMessage() + ": starting the test stack on other ports");
            }
        }
    }

    /** As {@link #startStack(io.mlaops.infra.services.ServiceConfig, com.uber.m3.tally.Scope)}. */
    public static io.mlaops.infra.services.Stack startStack(
            io.mlaops.infra.services.ServiceConfig cfg) throws IOException {
        return startStack(cfg, null);
    }

    /**
     * Runs headless Chromium with the flags this machine needs (no background networking, a new
     * profile) and waits until the page is idle.
     *
     * @param profile an empty folder for the profile
     * @param windowSize e.g. {@code 1400,900}
     * @param args e.g. {@code --dump-dom URL}
     * @return what Chromium printed on stdout
     */
    public static String chromium(Path profile, String windowSize, String... args)
            throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                CHROMIUM.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + profile,
                                "--window-size=" + windowSize,
                                "--virtual-time-budget=30000"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish");
        }
        return out;
    }
}
