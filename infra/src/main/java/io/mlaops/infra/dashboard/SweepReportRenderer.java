package io.mlaops.infra.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlaops.activities.tracking.AblationTable;
import io.mlaops.activities.tracking.SweepReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The comparison page of one sweep as a single HTML file: the page, its style, Chart.js and the
 * sweep's runs (as MLflow's REST API returns them), table and training histories inlined, so it
 * opens anywhere without MLflow.
 */
public final class SweepReportRenderer implements SweepReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String mlflow;
    private final Path chartJs;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param mlflowUri MLflow server (read-only use)
     * @param chartJs path of chart.umd.js
     */
    public SweepReportRenderer(String mlflowUri, Path chartJs) {
        this.mlflow =
                mlflowUri.endsWith("/")
                        ? mlflowUri.substring(0, mlflowUri.length() - 1)
                        : mlflowUri;
        this.chartJs = chartJs;
    }

    private JsonNode call(String path, Object body) throws IOException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(mlflow + "/api/2.0/mlflow/" + path))
                        .timeout(Duration.ofMinutes(1));
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("MLflow " + path + " answered " + r.statusCode());
            }
            return JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public byte[] render(String parentRunId, AblationTable table) throws IOException {
        JsonNode parent = call("runs/get?run_id=" + parentRunId, null).get("run");
        String experimentId = parent.get("info").get("experiment_id").asText();
        JsonNode experiment =
                call("experiments/get?experiment_id=" + experimentId, null).get("experiment");
        ArrayNode runs = JSON.createArrayNode();
        if (table.cells().isEmpty()) {
            // a table from before the cell store: its cells' runs are the sweep's, by tag
            search(experimentId, "tags.`mla.sweep_id` = '" + table.sweepId() + "'", runs);
        } else {
            // the parent run (the page finds the sweep by it), then the view's cells: their runs
            // by id, wherever each was first trained
            runs.add(parent);
            Map<String, java.util.List<String>> byExperiment = new java.util.TreeMap<>();
            for (io.mlaops.activities.tracking.SweepCell c : table.cells()) {
                if (!c.runId().isEmpty() && c.runId().matches("[A-Za-z0-9_-]+")) {
                    byExperiment
                            .computeIfAbsent(c.experimentId(), k -> new java.util.ArrayList<>())
                            .add(c.runId());
                }
            }
            for (Map.Entry<String, java.util.List<String>> e : byExperiment.entrySet()) {
                java.util.List<String> ids = e.getValue();
                for (int i = 0; i < ids.size(); i += 100) {
                    java.util.List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 100));
                    search(
                            e.getKey(),
                            "attributes.run_id IN ("
                                    + String.join(
                                            ", ", chunk.stream().map(x -> "'" + x + "'").toList())
                                    + ")",
                            runs);
                }
            }
        }
        ObjectNode histories = JSON.createObjectNode();
        for (JsonNode run : runs) {
            Map<String, String> p = new java.util.HashMap<>();
            run.path("data")
                    .path("params")
                    .forEach(x -> p.put(x.get("key").asText(), x.get("value").asText()));
            if (!"0".equals(p.get("seed"))) {
                continue;
            }
            String id = run.get("info").get("run_id").asText();
            for (JsonNode m : run.path("data").path("metrics")) {
                String key = m.get("key").asText();
                if (key.startsWith("val_acc_") || key.startsWith("diag_")) {
                    histories.set(
                            id + "|" + key,
                            call(
                                            "metrics/get-history?run_id="
                                                    + id
                                                    + "&metric_key="
                                                    + URLEncoder.encode(key, StandardCharsets.UTF_8)
                                                    + "&max_results=1000",
                                            null)
                                    .path("metrics"));
                }
            }
        }
        ObjectNode data = JSON.createObjectNode();
        data.set("experiment", experiment);
        data.set("runs", runs);
        data.set("table", JSON.valueToTree(table));
        data.set("histories", histories);
        data.put("mlflowUi", mlflow);
        String page = resource("index.html");
        String inlined =
                page.replace(
                                "<link rel=\"stylesheet\" href=\"style.css\">",
                                "<style>\n" + resource("style.css") + "\n</style>")
                        .replace(
                                "<script src=\"vendor/chart.umd.js\"></script>",
                                "<script>\n" + Files.readString(chartJs) + "\n</script>")
                        .replace(
                                "<script src=\"app.js\"></script>",
                                "<script>window.MLA_DATA = "
                                        + JSON.writeValueAsString(data).replace("</", "<\\/")
                                        + ";</script>\n<script>\n"
                                        + resource("app.js")
                                        + "\n</script>");
        return inlined.getBytes(StandardCharsets.UTF_8);
    }

    private void search(String experimentId, String filter, ArrayNode into) throws IOException {
        String token = null;
        do {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("experiment_ids").add(experimentId);
            body.put("filter", filter);
            body.put("max_results", 1000);
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode page = call("runs/search", body);
            page.path("runs").forEach(into::add);
            token = page.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in =
                SweepReportRenderer.class.getResourceAsStream(
                        "/io/mlaops/dashboards/web/" + name)) {
            if (in == null) {
                throw new IOException("page resource " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
