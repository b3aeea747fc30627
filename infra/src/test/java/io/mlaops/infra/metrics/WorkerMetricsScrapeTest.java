package io.mlaops.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlaops.activities.staging.BuiltInDatasets;
import io.mlaops.infra.services.ServiceConfig;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.sweep.SweepSpecParser;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.infra.worker.WorkerSettings;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.mlaops.workflows.sweep.SweepStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes a running worker (after a one-cell sweep) and checks that every metric that a panel of
 * the Grafana dashboards queries exists; keeps the scrape in {@code
 * infra/target/worker-metrics.txt}.
 */
class WorkerMetricsScrapeTest {
    private static final Pattern METRIC = Pattern.compile("\\b((?:mla|temporal)_[a-zA-Z0-9_]+)");

    /**
     * @return {@code spec} with a data set option the spec reader would have refused, so that its
     *     staging fails at run time (failure metrics appear)
     */
    static SweepSpec failingStaging(SweepSpec spec) {
        return new SweepSpec(
                "failing",
                List.of(
                        new io.mlaops.activities.staging.DatasetSource(
                                "synthetic", "synthetic", Map.of("seed", "not-a-number"))),
                spec.recipes(),
                spec.seeds(),
                spec.trainer(),
                Map.of(),
                1,
                "sample",
                List.of(),
                List.of(),
                60);
    }

    @Test
    void everyDashboardMetricIsExposed(@TempDir Path home) throws Exception {
        ServiceConfig cfg = io.mlaops.infra.TestSupport.config(home);
        SweepSpec spec =
                SweepSpecParser.parse(
                        """
                name: metrics
                datasets: [{name: synthetic, kind: synthetic}]
                methods: [mla]
                hgm: [paper]
                seeds: 1
                trainer: {epochs: 3}
                """,
                        io.mlaops.infra.TestSupport.specs(home));
        try (WorkerMetrics metrics = new WorkerMetrics().serve(0);
                Stack stack = io.mlaops.infra.TestSupport.startStack(cfg, metrics.temporalScope());
                MlaWorker worker =
                        new MlaWorker(
                                stack.workflowClient(),
                                new WorkerSettings(Set.of("workflows", "cpu", "gpu"), 1, 200),
                                stack.store(),
                                stack.tracker(),
                                new BuiltInDatasets(),
                                metrics.platform(),
                                Map.of())) {
            worker.start();
            String id = SweepSpecParser.sweepId(spec);
            AblationSweepWorkflow wf = SweepStubs.toStart(stack.workflowClient(), id);
            SweepResult r = wf.run(new SweepRequest(spec, id, List.of(), 100));
            assertEquals(1, r.trained());
            // a sweep whose staging fails (a bad option the spec reader would have refused):
            // failure metrics appear
            SweepSpec bad = failingStaging(spec);
            AblationSweepWorkflow failing = SweepStubs.toStart(stack.workflowClient(), "failing");
            org.junit.jupiter.api.Assertions.assertThrows(
                    io.temporal.client.WorkflowFailedException.class,
                    () -> failing.run(new SweepRequest(bad, "failing", List.of(), 100)));
            // a request Temporal refuses (an unknown workflow, as 'mla status' of a typo): the
            // request-failure
            // counter exists only once a request has failed, which the in-memory test server used
            // to do by itself
            org.junit.jupiter.api.Assertions.assertThrows(
                    RuntimeException.class,
                    () ->
                            stack.workflowClient()
                                    .newUntypedWorkflowStub("no-such-sweep")
                                    .describe());
            Thread.sleep(1500); // the SDK reporter flushes every second
            HttpResponse<String> resp =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + metrics.port()
                                                                    + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, resp.statusCode());
            String scrape = resp.body();
            Files.writeString(Path.of("target", "worker-metrics.txt"), scrape);
            TreeSet<String> exposed = new TreeSet<>();
            for (String line : scrape.split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    exposed.add(line.split("[{ ]")[0]);
                }
            }
            TreeSet<String> queried = new TreeSet<>();
            for (String board : List.of("workers.json", "pipelines.json")) {
                JsonNode json =
                        new ObjectMapper()
                                .readTree(Path.of("..", "dashboards", "grafana", board).toFile());
                for (JsonNode panel : json.get("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        Matcher m = METRIC.matcher(target.get("expr").asText());
                        while (m.find()) {
                            queried.add(m.group(1));
                        }
                    }
                }
            }
            assertTrue(queried.size() >= 8, "dashboards query too little: " + queried);
            TreeSet<String> missing = new TreeSet<>(queried);
            missing.removeAll(exposed);
            assertTrue(
                    missing.isEmpty(),
                    "queried by a panel but not exposed: " + missing + "\nexposed: " + exposed);
            assertTrue(exposed.contains("mla_training_steps_per_second"));
        }
    }
}
