package io.mlaops.infra.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The few calls of Prometheus' HTTP API the tests make (through the guarded port). */
final class PrometheusApi {
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
    private final ObjectMapper json = new ObjectMapper();

    PrometheusApi(String base) {
        this.base = base;
    }

    /**
     * @return the {@code data} of a successful answer
     * @throws IllegalStateException with Prometheus' error (a parse error names the expression)
     */
    JsonNode get(String path, Map<String, String> params) throws IOException, InterruptedException {
        String query =
                params.entrySet().stream()
                        .map(
                                e ->
                                        e.getKey()
                                                + "="
                                                + URLEncoder.encode(
                                                        e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                base + path + (query.isEmpty() ? "" : "?" + query)))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException(
                    path
                            + " "
                            + params
                            + ": "
                            + body.path("errorType").asText()
                            + ": "
                            + body.path("error").asText());
        }
        return body.get("data");
    }

    /**
     * @return the instant vector's samples at {@code time} (Unix seconds)
     */
    JsonNode query(String expr, double time) throws IOException, InterruptedException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("query", expr);
        p.put("time", String.format(java.util.Locale.ROOT, "%.3f", time));
        return get("/api/v1/query", p).get("result");
    }

    /**
     * @return the series of a range query from {@code start} to {@code end}
     */
    JsonNode queryRange(String expr, double start, double end, double stepSeconds)
            throws IOException, InterruptedException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("query", expr);
        p.put("start", String.format(java.util.Locale.ROOT, "%.3f", start));
        p.put("end", String.format(java.util.Locale.ROOT, "%.3f", end));
        p.put("step", String.format(java.util.Locale.ROOT, "%.3f", stepSeconds));
        return get("/api/v1/query_range", p).get("result");
    }

    /**
     * @return how many series match {@code selector} between {@code start} and {@code end}
     */
    int series(String selector, double start, double end) throws IOException, InterruptedException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("match[]", selector);
        p.put("start", String.format(java.util.Locale.ROOT, "%.3f", start));
        p.put("end", String.format(java.util.Locale.ROOT, "%.3f", end));
        return get("/api/v1/series", p).size();
    }

    /**
     * @return the active alerts (pending and firing)
     */
    JsonNode alerts() throws IOException, InterruptedException {
        return get("/api/v1/alerts", Map.of()).get("alerts");
    }
}
