package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.sweep.SweepSpecParser;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.mlaops.workflows.sweep.SweepStubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A 4-cell sweep through the whole stack with the object store being the embedded S3Proxy or a real
 * MinIO server (configured as users configure an external store: MLA_S3_ENDPOINT and keys): the
 * staged data set, every checkpoint and the MLflow artifacts land in that store.
 */
class ObjectStoreSweepTest {
    private static final String SPEC =
            """
            name: store-sweep
            datasets: [{name: synthetic, kind: synthetic}]
            methods: [mla]
            hgm: [off, paper]
            seeds: 2
            max_parallel: 2
            trainer: {epochs: 2}
            evaluation: {missing_fractions: [0.5]}
            heartbeat_seconds: 30
            """;

    enum Server {
        S3PROXY,
        MINIO
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void aSweepKeepsEverythingInTheObjectStore(Server server, @TempDir Path home) throws Exception {
        MinioServer minio =
                server == Server.MINIO
                        ? MinioServer.start(Files.createDirectories(home.resolve("minio")))
                        : null;
        try {
            Map<String, String> env =
                    new HashMap<>(Map.of("MLA_HOME", home.resolve("home").toString()));
            if (System.getenv("MLA_VENVS") != null) {
                env.put(
                        "MLA_VENVS",
                        System.getenv("MLA_VENVS")); // the installed MLflow and Temporal CLI
            }
            if (minio != null) {
                env.put("MLA_S3_ENDPOINT", minio.endpoint());
                env.put("MLA_S3_ACCESS_KEY", minio.accessKey());
                env.put("MLA_S3_SECRET_KEY", minio.secretKey().reveal());
            }
            ServiceConfig cfg = ServiceConfig.fromEnv(env);
            SweepSpec spec = SweepSpecParser.parse(SPEC, io.mlaops.infra.TestSupport.specs(home));
            String id = SweepSpecParser.sweepId(spec);
            try (Stack stack = TestSupport.startStack(cfg);
                    MlaWorker worker =
                            TestSupport.worker(stack, Set.of("workflows", "cpu", "gpu"), 1000)) {
                worker.start();
                assertEquals(
                        minio == null
                                ? List.of("s3", "mlflow", "temporal")
                                : List.of("mlflow", "temporal"),
                        stack.embedded());
                AblationSweepWorkflow wf = SweepStubs.toStart(stack.workflowClient(), id);
                long t = System.nanoTime();
                SweepResult r = wf.run(new SweepRequest(spec, id, List.of(), 200));
                assertTrue(r.failures().isEmpty(), r.failures().toString());
                assertEquals(4, r.trained());

                String ak =
                        minio != null
                                ? minio.accessKey()
                                : EmbeddedS3.credentials(cfg.home()).getProperty("access_key");
                String sk =
                        minio != null
                                ? minio.secretKey().reveal()
                                : EmbeddedS3.credentials(cfg.home()).getProperty("secret_key");
                MinioClient raw =
                        MinioClient.builder()
                                .endpoint(stack.s3Endpoint())
                                .credentials(ak, sk)
                                .build();
                List<String> keys = new ArrayList<>();
                for (var item :
                        raw.listObjects(
                                ListObjectsArgs.builder().bucket("mla").recursive(true).build())) {
                    keys.add(item.get().objectName());
                }
                assertTrue(
                        keys.stream().anyMatch(k -> k.startsWith("datasets/synthetic/")),
                        "no staged data set: " + keys);
                assertEquals(
                        4,
                        keys.stream()
                                .filter(
                                        k ->
                                                k.startsWith("cells/")
                                                        && k.endsWith("/checkpoints/final.ckpt"))
                                .count(),
                        "final checkpoints: " + keys);
                assertEquals(
                        4,
                        keys.stream()
                                .filter(k -> k.startsWith("mlflow/") && k.endsWith("/metrics.json"))
                                .count(),
                        "MLflow artifacts of the cells: " + keys);
                System.out.printf(
                        "%s: 4-cell sweep in %.1f s, %d objects in the store%n",
                        server, (System.nanoTime() - t) / 1e9, keys.size());
            }
        } finally {
            if (minio != null) {
                minio.close();
            }
        }
    }
}
