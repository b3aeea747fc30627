package io.mlaops.infra.services;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real MinIO server for integration tests, built by {@code .ci/install-minio.sh}: on 127.0.0.1
 * (API and console on free ports), data under the test's folder, root keys generated per start.
 * Without the binary a test skips on a laptop and fails under CI=true.
 */
final class MinioServer implements AutoCloseable {
    private final Process process;
    private final String endpoint;
    private final String accessKey;
    private final Secret secretKey;
    private final Path log;

    private MinioServer(
            Process process, String endpoint, String accessKey, Secret secretKey, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.log = log;
    }

    /**
     * @return where .ci/install-minio.sh puts the server ({@code MLA_MINIO_DIR}, default
     *     ~/.cache/mla-ops/minio)
     */
    static Path binary() {
        String dir = System.getenv("MLA_MINIO_DIR");
        if (dir == null || dir.isBlank()) {
            String cache = System.getenv("XDG_CACHE_HOME");
            dir =
                    (cache == null || cache.isBlank()
                                    ? Path.of(System.getProperty("user.home"), ".cache")
                                    : Path.of(cache))
                            .resolve("mla-ops")
                            .resolve("minio")
                            .toString();
        }
        return Path.of(dir, "minio");
    }

    /** Skips (laptop) or fails (CI=true) when the server is not installed. */
    static void requireInstalled() {
        Path bin = binary();
        io.mlaops.infra.TestSupport.requireTool(
                Files.isExecutable(bin),
                "the MinIO server (" + bin + ", from 'bash .ci/install-minio.sh')");
    }

    /**
     * @param dir an empty folder for data and log
     * @return a running server with a bucket-less empty store
     */
    static MinioServer start(Path dir) throws IOException, InterruptedException {
        requireInstalled();
        int port = io.mlaops.infra.TestPorts.reserve();
        int console = io.mlaops.infra.TestPorts.reserve();
        String ak = "mla" + random(17);
        Secret sk = Secret.of(random(40));
        Path data = Files.createDirectories(dir.resolve("minio-data"));
        Path log = dir.resolve("minio.log");
        ProcessBuilder pb =
                new ProcessBuilder(
                                binary().toString(),
                                "server",
                                data.toString(),
                                "--address",
                                "127.0.0.1:" + port,
                                "--console-address",
                                "127.0.0.1:" + console,
                                "--quiet")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        pb.environment().put("MINIO_ROOT_USER", ak);
        pb.environment().put("MINIO_ROOT_PASSWORD", sk.reveal());
        pb.environment().put("MINIO_BROWSER", "off");
        pb.environment().put("MINIO_UPDATE", "off");
        Process p = pb.start();
        String endpoint = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                int code =
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                endpoint + "/minio/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                if (code == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                p.destroyForcibly();
                throw new IOException(
                        "MinIO did not start on 127.0.0.1:" + port + ": " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return new MinioServer(p, endpoint, ak, sk, log);
    }

    private static String random(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    String endpoint() {
        return endpoint;
    }

    String accessKey() {
        return accessKey;
    }

    Secret secretKey() {
        return secretKey;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
