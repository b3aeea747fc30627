package io.mlaops.infra.services;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedded tracking server: the real MLflow server (Python package {@code mlflow}, pinned)
 * installed into a virtual environment under {@code $MLA_HOME/mlflow-venv} (or {@code $MLA_MLFLOW_VENV})
 * on first use, with a
 * SQLite store under {@code $MLA_HOME/mlflow}, artifacts in the object store
 * ({@code --artifacts-destination s3://<bucket>/mlflow}), bound to 127.0.0.1, with its web UI.
 */
public final class EmbeddedMlflow implements AutoCloseable {
    /** The pinned server version (matches the Java client). */
    public static final String VERSION = "2.17.2";
    /**
     * What pip installs. SQLAlchemy 2.1 removed a pool class that MLflow 2.17 imports, so it
     * is held below 2.1; boto3 lets the server write artifacts to S3.
     */
    static final List<String> REQUIREMENTS = List.of("mlflow==" + VERSION, "sqlalchemy>=2.0,<2.1", "boto3==1.44.8");

    private final Process process;
    private final int port;
    private final Path log;

    private EmbeddedMlflow(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Installs MLflow if needed and starts the server.
     *
     * @param home MLA_HOME
     * @param port port on 127.0.0.1
     * @param s3Endpoint object store endpoint for artifacts
     * @param s3AccessKey its access key
     * @param s3SecretKey its secret
     * @param bucket bucket holding {@code mlflow/}
     * @return the healthy server
     * @throws IOException naming the port or the log file when it does not come up
     */
    public static EmbeddedMlflow start(Path home, int port, String s3Endpoint, String s3AccessKey, Secret s3SecretKey,
            String bucket) throws IOException {
        Path logs = Files.createDirectories(home.resolve("logs"));
        Path mlflow = install(home, logs.resolve("mlflow-install.log"));
        Path data = Files.createDirectories(home.resolve("mlflow"));
        try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException("MLflow port 127.0.0.1:" + port + " is in use: stop what holds it or set MLFLOW_TRACKING_URI");
        }
        Path log = logs.resolve("mlflow.log");
        List<String> cmd = new ArrayList<>(List.of(mlflow.toString(), "server", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--workers", "1", "--backend-store-uri", "sqlite:///" + data.resolve("mlflow.db"),
                "--artifacts-destination", "s3://" + bucket + "/mlflow"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("MLFLOW_S3_ENDPOINT_URL", s3Endpoint);
        env.put("AWS_ACCESS_KEY_ID", s3AccessKey);
        env.put("AWS_SECRET_ACCESS_KEY", s3SecretKey.reveal());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        Process p = pb.start();
        EmbeddedMlflow server = new EmbeddedMlflow(p, port, log);
        if (!server.awaitHealthy(Duration.ofSeconds(120))) {
            server.close();
            throw new IOException("MLflow did not become healthy on 127.0.0.1:" + port + ": see " + log);
        }
        return server;
    }

    /** @return the mlflow executable, installing the pinned version into a venv on first use */
    static Path install(Path home, Path installLog) throws IOException {
        // MLA_MLFLOW_VENV lets several MLA_HOMEs (tests, CI) share one installation
        String shared = System.getenv("MLA_MLFLOW_VENV");
        Path venv = shared == null || shared.isBlank() ? home.resolve("mlflow-venv") : Path.of(shared).toAbsolutePath();
        Path exe = venv.resolve("bin").resolve("mlflow");
        Path marker = venv.resolve(".mla-mlflow-" + Integer.toHexString(REQUIREMENTS.hashCode()));
        if (Files.isExecutable(exe) && Files.exists(marker)) {
            return exe;
        }
        String python = System.getenv().getOrDefault("MLA_PYTHON", "python3");
        run(List.of(python, "-m", "venv", venv.toString()), installLog, "creating the MLflow virtual environment with "
                + python + " (install Debian's python3-venv: apt-get install -y python3-venv)");
        List<String> pip = new ArrayList<>(List.of(venv.resolve("bin").resolve("pip").toString(), "install", "--quiet"));
        pip.addAll(REQUIREMENTS);
        run(pip, installLog, "installing mlflow==" + VERSION + " from PyPI");
        Files.writeString(marker, VERSION);
        return exe;
    }

    private static void run(List<String> cmd, Path log, String what) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(what + " failed: see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains(" failed: see ")) {
                throw e;
            }
            throw new IOException(what + " failed: " + e.getMessage() + " (see " + log + ")", e);
        }
    }

    private boolean awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(uri() + "/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the server's log file */
    public Path log() {
        return log;
    }

    /** @return the server's process id */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        // gunicorn workers are children of the server: stop them too
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
