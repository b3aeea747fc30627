package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlaops.activities.tracking.ExperimentTracker;
import io.mlaops.activities.tracking.MetricPoint;
import io.mlaops.activities.tracking.TrackedRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker against a real MLflow server (artifacts in the embedded S3), read back over MLflow's
 * REST API.
 */
class MlflowTrackerIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode get(String uri, String path) throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(uri + path)).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void runWithParamsStepMetricsArtifactsAndANestedChild(@TempDir Path home) throws Exception {
        try (TestServices s = TestServices.start(home)) {
            ExperimentTracker t = s.tracker;
            String exp = t.experimentId("it-experiment");
            assertEquals(exp, t.experimentId("it-experiment"));
            String parent = t.createRun(exp, "parent", Map.of("mla.role", "sweep"));
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < 150; i++) { // more than one log-batch request of params
                params.put("p" + i, "v" + i);
            }
            List<MetricPoint> metrics = new ArrayList<>();
            for (int step = 1; step <= 1200; step++) { // more than 1000 metrics: several requests
                metrics.add(new MetricPoint("loss", 1.0 / step, step, 1000L + step));
            }
            t.log(parent, params, metrics, Map.of("note", "integration"));
            byte[] artifact = "{\"accuracy\": 0.9}".getBytes();
            t.uploadArtifact(parent, "metrics.json", artifact);
            String child =
                    t.createRun(
                            exp,
                            "child",
                            Map.of(
                                    ExperimentTracker.PARENT_TAG,
                                    parent,
                                    "mla.role",
                                    "cell",
                                    "mla.cell_key",
                                    "c1"));
            t.finish(child, true);
            t.finish(parent, true);

            JsonNode run =
                    get(s.mlflow.uri(), "/api/2.0/mlflow/runs/get?run_id=" + parent).get("run");
            assertEquals("FINISHED", run.get("info").get("status").asText());
            assertEquals(150, run.get("data").get("params").size());
            JsonNode history =
                    get(
                            s.mlflow.uri(),
                            "/api/2.0/mlflow/metrics/get-history?run_id="
                                    + parent
                                    + "&metric_key=loss&max_results=5000");
            assertEquals(1200, history.get("metrics").size());
            JsonNode list = get(s.mlflow.uri(), "/api/2.0/mlflow/artifacts/list?run_id=" + parent);
            assertEquals("metrics.json", list.get("files").get(0).get("path").asText());
            assertArrayEquals(artifact, t.downloadArtifact(parent, "metrics.json"));

            List<TrackedRun> children =
                    t.findRuns(exp, Map.of(ExperimentTracker.PARENT_TAG, parent));
            assertEquals(1, children.size());
            assertEquals(child, children.get(0).runId());
            assertEquals("FINISHED", children.get(0).status());
            assertTrue(t.findRuns(exp, Map.of("mla.cell_key", "none")).isEmpty());
            assertTrue(t.runUrl(exp, parent).startsWith("http://127.0.0.1:"));
            // the artifact is stored in the object store under mlflow/
            assertFalse(s.s3.endpoint().isEmpty());

            // the model registry: versions with tags, the champion alias
            assertTrue(s.tracker.byAlias("mla-model", "champion").isEmpty());
            String v1 =
                    s.tracker.registerVersion(
                            "mla-model",
                            parent,
                            "runs:/" + parent + "/model",
                            Map.of("mla.score", "0.9"));
            s.tracker.setAlias("mla-model", "champion", v1);
            String v2 =
                    s.tracker.registerVersion(
                            "mla-model",
                            child,
                            "runs:/" + child + "/model",
                            Map.of("mla.score", "0.8"));
            var champion = s.tracker.byAlias("mla-model", "champion").orElseThrow();
            assertEquals(v1, champion.version());
            assertEquals("0.9", champion.tags().get("mla.score"));
            assertEquals(parent, champion.runId());
            assertEquals("2", v2);
        }
    }
}
