package io.mlaops.infra.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded tracking server: the real MLflow server (Python package {@code mlflow}, pinned in
 * {@code pins.properties}) installed into a virtual environment under the venvs root on first use,
 * with a SQLite store under {@code $MLA_HOME/mlflow}, artifacts in the object store ({@code
 * --artifacts-destination s3://<bucket>/mlflow}), bound to 127.0.0.1, with its web UI. A store
 * written by an older MLflow (2.x) keeps working: the server migrates its schema in place, and a
 * copy of the store from before is kept the first time a new pinned version opens it.
 */
public final class EmbeddedMlflow implements AutoCloseable {
    /** The tool's key in {@code pins.properties}. */
    public static final String TOOL = "mlflow";

    private final ServiceProcess process;
    private final int port;

    private EmbeddedMlflow(ServiceProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @return the pinned server version
     */
    public static String version() {
        return PythonTool.pinned(TOOL).version();
    }

    /**
     * Installs MLflow if needed and starts the server.
     *
     * @param home MLA_HOME
     * @param venvs where the server's virtual environment lives
     * @param port port on 127.0.0.1
     * @param s3Endpoint object store endpoint for artifacts
     * @param s3AccessKey its access key
     * @param s3SecretKey its secret
     * @param bucket bucket holding {@code mlflow/}
     * @param progress where installation progress is told
     * @return the healthy server
     * @throws IOException naming the port or the log file when it does not come up
     */
    public static EmbeddedMlflow start(
            Path home,
            Path venvs,
            int port,
            String s3Endpoint,
            String s3AccessKey,
            Secret s3SecretKey,
            String bucket,
            java.io.PrintStream progress)
            throws IOException {
        Path bin = PythonTool.pinned(TOOL).ensureInstalled(venvs, home.resolve("logs"), progress);
        ServiceProcess.stopLeftover("mlflow", home);
        LoopbackPorts.requireFree(
                port,
                "MLflow",
                "stop what holds it, set MLA_MLFLOW_PORT, or set MLFLOW_TRACKING_URI");
        Path data = PrivateFiles.directory(home.resolve("mlflow"));
        Path db = data.resolve("mlflow.db");
        PrivateFiles.restrict(db);
        Map<String, String> env = new HashMap<>();
        env.put("MLFLOW_S3_ENDPOINT_URL", s3Endpoint);
        env.put("AWS_ACCESS_KEY_ID", s3AccessKey);
        env.put("AWS_SECRET_ACCESS_KEY", s3SecretKey.reveal());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        // nothing leaves the machine, nothing is written outside the home
        env.put("MLFLOW_DISABLE_TELEMETRY", "true");
        env.put("DO_NOT_TRACK", "true");
        // the server's job runner (GenAI evaluation jobs: a scheduler and seven worker processes,
        // about 1.5 GB) has nothing to do for tracking and registry use
        env.put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
        List<String> cmd =
                List.of(
                        bin.resolve("mlflow").toString(),
                        "server",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--workers",
                        "1",
                        "--backend-store-uri",
                        "sqlite:///" + db,
                        "--artifacts-destination",
                        "s3://" + bucket + "/mlflow");
        backUpBeforeUpgrade(db, progress);
        EmbeddedMlflow server =
                new EmbeddedMlflow(ServiceProcess.start("mlflow", cmd, env, home), port);
        if (server.awaitHealthy(Duration.ofSeconds(120))) {
            Files.writeString(versionFile(db), version() + "\n");
            return server;
        }
        server.close();
        throw new IOException(
                "MLflow did not become healthy on 127.0.0.1:" + port + ": see " + server.log());
    }

    private static Path versionFile(Path db) {
        return db.resolveSibling("mlflow-server-version");
    }

    /**
     * The MLflow server migrates an older store's schema in place when it opens it (a 2.x store
     * then no longer opens in 2.x): the first time a new pinned version meets a store, a copy of
     * the store is kept beside it, and the user is told ({@code dev up} says it in the foreground).
     *
     * @param home MLA_HOME (the store is {@code mlflow/mlflow.db})
     * @param progress where the notice goes
     */
    public static void keepStoreBeforeUpgrade(Path home, java.io.PrintStream progress)
            throws IOException {
        backUpBeforeUpgrade(home.resolve("mlflow").resolve("mlflow.db"), progress);
    }

    private static void backUpBeforeUpgrade(Path db, java.io.PrintStream progress)
            throws IOException {
        if (!Files.isRegularFile(db)) {
            return; // a new store
        }
        Path vf = versionFile(db);
        String last =
                Files.isRegularFile(vf) ? Files.readString(vf).trim() : "older than 3 (unrecorded)";
        if (last.equals(version())) {
            return;
        }
        Path backup = db.resolveSibling("mlflow.db.backup-before-" + version());
        if (!Files.exists(backup)) {
            Files.copy(db, backup);
        }
        progress.println(
                "mla: the MLflow store "
                        + db
                        + " was last opened by MLflow "
                        + last
                        + "; MLflow "
                        + version()
                        + " upgrades its schema in place. A copy of the store as it was is kept at "
                        + backup);
    }

    private boolean awaitHealthy(Duration timeout) {
        return process.awaitHttpOk(uri() + "/health", timeout);
    }

    /**
     * @return {@code http://127.0.0.1:<port>}
     */
    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * @return the server's log file
     */
    public Path log() {
        return process.log();
    }

    /**
     * @return the server's process id
     */
    public long pid() {
        return process.pid();
    }

    /**
     * @return the running process
     */
    ServiceProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
