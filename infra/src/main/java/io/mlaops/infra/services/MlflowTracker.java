package io.mlaops.infra.services;

import io.mlaops.activities.tracking.ExperimentTracker;
import io.mlaops.activities.tracking.MetricPoint;
import io.mlaops.activities.tracking.TrackedRun;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.RunsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * {@link ExperimentTracker} on a real MLflow server through the official Java client. Look-ups use
 * search calls (an empty answer, not a 404 that the client would retry three times). Params,
 * metrics and tags go in {@code log-batch} requests within MLflow's limits (1000 metrics, 100
 * params, 100 tags, 1000 items in all). Artifacts are uploaded through the server's artifact proxy
 * ({@code /api/2.0/mlflow-artifacts/artifacts/...}), not the client's {@code logArtifact}, which
 * forks a Python CLI. It is also the {@link io.mlaops.activities.registry.ModelRegistry} (MLflow's
 * Model Registry: registered models, versions with tags, aliases) over REST.
 */
public final class MlflowTracker
        implements ExperimentTracker, io.mlaops.activities.registry.ModelRegistry {
    private static final int MAX_METRICS = 1000;
    private static final int MAX_PARAMS = 100;
    private static final int MAX_TAGS = 100;
    private static final int MAX_ITEMS = 1000;

    private final String uri;
    private final MlflowClient client;
    // HTTP/1.1: the JDK client's default h2c upgrade request makes the server log two warnings per
    // call
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
    private final Optional<String> authorization;

    /**
     * @param uri tracking server URL
     * @param token bearer token, optional
     * @param user basic-auth user, optional
     * @param password basic-auth password, optional
     */
    public MlflowTracker(
            String uri, Optional<Secret> token, Optional<String> user, Optional<Secret> password) {
        this.uri = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        BasicMlflowHostCreds creds =
                token.isPresent()
                        ? new BasicMlflowHostCreds(this.uri, token.get().reveal())
                        : user.isPresent()
                                ? new BasicMlflowHostCreds(
                                        this.uri,
                                        user.get(),
                                        password.map(Secret::reveal).orElse(""))
                                : new BasicMlflowHostCreds(this.uri);
        this.client = new MlflowClient(creds);
        this.authorization = authorization(token, user, password);
    }

    /**
     * @return the Authorization header for MLflow: bearer token, else basic auth, else none
     */
    public static Optional<String> authorization(
            Optional<Secret> token, Optional<String> user, Optional<Secret> password) {
        return token.map(t -> "Bearer " + t.reveal())
                .or(
                        () ->
                                user.map(
                                        u ->
                                                "Basic "
                                                        + Base64.getEncoder()
                                                                .encodeToString(
                                                                        (u
                                                                                        + ":"
                                                                                        + password.map(
                                                                                                        Secret
                                                                                                                ::reveal)
                                                                                                .orElse(
                                                                                                        ""))
                                                                                .getBytes(
                                                                                        StandardCharsets
                                                                                                .UTF_8))));
    }

    /**
     * Fails fast, naming the server, when it does not answer.
     *
     * @throws IOException if the server is unreachable or unhealthy
     */
    public void checkReachable() throws IOException {
        try {
            HttpResponse<Void> r =
                    http.send(
                            request("/health").GET().build(),
                            HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IOException(
                        "MLflow at " + uri + " answered " + r.statusCode() + " to /health");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reaching MLflow at " + uri, e);
        } catch (java.net.ConnectException e) {
            throw new IOException(
                    "MLflow at "
                            + uri
                            + " is unreachable (connection refused): start it or fix MLFLOW_TRACKING_URI",
                    e);
        }
    }

    @Override
    public String experimentId(String name) throws IOException {
        return call(
                () -> {
                    Optional<String> found = findExperiment(name);
                    if (found.isPresent()) {
                        return found.get();
                    }
                    try {
                        return client.createExperiment(name);
                    } catch (MlflowClientException e) {
                        // another worker created it in between
                        return findExperiment(name).orElseThrow(() -> e);
                    }
                });
    }

    /**
     * @return the ids of every active experiment
     */
    public List<String> experimentIds() throws IOException {
        return call(
                () -> {
                    List<String> out = new ArrayList<>();
                    var page = client.searchExperiments("");
                    while (true) {
                        page.getItems().forEach(e -> out.add(e.getExperimentId()));
                        if (!page.hasNextPage()) {
                            return out;
                        }
                        page = (org.mlflow.tracking.ExperimentsPage) page.getNextPage();
                    }
                });
    }

    /**
     * @return the run's lifecycle stage ({@code active} or {@code deleted}), empty when MLflow has
     *     no such run
     */
    public Optional<String> lifecycle(String runId) throws IOException {
        com.fasterxml.jackson.databind.JsonNode n =
                rest(
                        "GET",
                        "/api/2.0/mlflow/runs/get?run_id="
                                + URLEncoder.encode(runId, StandardCharsets.UTF_8),
                        null);
        if (n == null || !n.has("run")) {
            return Optional.empty();
        }
        return Optional.of(n.path("run").path("info").path("lifecycle_stage").asText("active"));
    }

    private Optional<String> findExperiment(String name) {
        var page = client.searchExperiments("name = '" + name.replace("'", "\\'") + "'");
        return page.getItems().stream().findFirst().map(Service.Experiment::getExperimentId);
    }

    @Override
    public List<TrackedRun> findRuns(String experimentId, Map<String, String> tags)
            throws IOException {
        StringBuilder filter = new StringBuilder();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(tags).entrySet()) {
            if (filter.length() > 0) {
                filter.append(" and ");
            }
            filter.append("tags.`")
                    .append(e.getKey())
                    .append("` = '")
                    .append(e.getValue().replace("'", "\\'"))
                    .append("'");
        }
        return call(
                () -> {
                    List<TrackedRun> out = new ArrayList<>();
                    RunsPage page =
                            client.searchRuns(
                                    List.of(experimentId),
                                    filter.toString(),
                                    Service.ViewType.ACTIVE_ONLY,
                                    1000);
                    while (true) {
                        for (Service.Run r : page.getItems()) {
                            Map<String, String> t = new java.util.LinkedHashMap<>();
                            r.getData().getTagsList().forEach(x -> t.put(x.getKey(), x.getValue()));
                            out.add(
                                    new TrackedRun(
                                            r.getInfo().getRunId(),
                                            r.getInfo().getStatus().name(),
                                            t));
                        }
                        if (!page.hasNextPage()) {
                            return out;
                        }
                        page = (RunsPage) page.getNextPage();
                    }
                });
    }

    @Override
    public String createRun(String experimentId, String runName, Map<String, String> tags)
            throws IOException {
        return call(
                () -> {
                    Service.CreateRun.Builder b =
                            Service.CreateRun.newBuilder()
                                    .setExperimentId(experimentId)
                                    .setRunName(runName)
                                    .setStartTime(System.currentTimeMillis());
                    tags.forEach(
                            (k, v) -> b.addTags(Service.RunTag.newBuilder().setKey(k).setValue(v)));
                    var info = client.createRun(b.build());
                    if (!info.getArtifactUri().isEmpty()) {
                        // the server says where its artifacts go: no lookup at the first upload
                        artifactRoots.put(info.getRunId(), info.getArtifactUri());
                    }
                    return info.getRunId();
                });
    }

    @Override
    public void log(
            String runId,
            Map<String, String> params,
            List<MetricPoint> metrics,
            Map<String, String> tags)
            throws IOException {
        List<Service.Param> ps = new ArrayList<>();
        params.forEach((k, v) -> ps.add(Service.Param.newBuilder().setKey(k).setValue(v).build()));
        List<Service.RunTag> ts = new ArrayList<>();
        tags.forEach((k, v) -> ts.add(Service.RunTag.newBuilder().setKey(k).setValue(v).build()));
        List<Service.Metric> ms = new ArrayList<>();
        for (MetricPoint m : metrics) {
            ms.add(
                    Service.Metric.newBuilder()
                            .setKey(m.key())
                            .setValue(m.value())
                            .setStep(m.step())
                            .setTimestamp(m.timestampMillis())
                            .build());
        }
        int pi = 0;
        int ti = 0;
        int mi = 0;
        while (pi < ps.size() || ti < ts.size() || mi < ms.size()) {
            int np = Math.min(MAX_PARAMS, ps.size() - pi);
            int nt = Math.min(MAX_TAGS, ts.size() - ti);
            int nm = Math.min(Math.min(MAX_METRICS, MAX_ITEMS - np - nt), ms.size() - mi);
            List<Service.Param> bp = ps.subList(pi, pi + np);
            List<Service.RunTag> bt = ts.subList(ti, ti + nt);
            List<Service.Metric> bm = ms.subList(mi, mi + nm);
            call(
                    () -> {
                        client.logBatch(runId, bm, bp, bt);
                        return null;
                    });
            pi += np;
            ti += nt;
            mi += nm;
        }
    }

    @Override
    public void uploadArtifact(String runId, String path, byte[] content) throws IOException {
        HttpResponse<String> r =
                send(
                        request(artifactPath(runId, path))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                                .header("Content-Type", "application/octet-stream")
                                .build());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(
                    "MLflow artifact upload of '"
                            + path
                            + "' for run "
                            + runId
                            + " answered "
                            + r.statusCode());
        }
    }

    @Override
    public byte[] downloadArtifact(String runId, String path) throws IOException {
        try {
            HttpResponse<byte[]> r =
                    http.send(
                            request(artifactPath(runId, path)).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 404) {
                throw new FileNotFoundException("artifact '" + path + "' of run " + runId);
            }
            if (r.statusCode() / 100 != 2) {
                throw new IOException(
                        "MLflow artifact download of '" + path + "' answered " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * @return the artifact paths MLflow lists for a run, through the server's own {@code
     *     artifacts/list} (the Java client's listArtifacts forks Python for proxied stores)
     */
    public List<String> listArtifacts(String runId) throws IOException {
        HttpResponse<String> r =
                send(
                        request(
                                        "/api/2.0/mlflow/artifacts/list?run_id="
                                                + URLEncoder.encode(runId, StandardCharsets.UTF_8))
                                .GET()
                                .build());
        if (r.statusCode() != 200) {
            throw new IOException(
                    "MLflow artifacts/list for run " + runId + " answered " + r.statusCode());
        }
        List<String> out = new ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode files =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("files");
        if (files != null) {
            files.forEach(f -> out.add(f.get("path").asText()));
        }
        return out;
    }

    @Override
    public void end(String runId, RunEnd status) throws IOException {
        Service.RunStatus s =
                switch (status) {
                    case FINISHED -> Service.RunStatus.FINISHED;
                    case FAILED -> Service.RunStatus.FAILED;
                    case KILLED -> Service.RunStatus.KILLED;
                };
        call(
                () -> {
                    client.setTerminated(runId, s);
                    return null;
                });
    }

    @Override
    public void logDatasetInput(String runId, io.mlaops.activities.tracking.DatasetInput in)
            throws IOException {
        Map<String, Object> dataset = new java.util.LinkedHashMap<>();
        dataset.put("name", in.name());
        dataset.put("digest", in.digest());
        dataset.put("source_type", in.sourceType());
        dataset.put("source", in.source());
        dataset.put("schema", in.schema());
        dataset.put("profile", in.profile());
        Map<String, Object> input =
                Map.of(
                        "dataset",
                        dataset,
                        "tags",
                        List.of(Map.of("key", "mlflow.data.context", "value", in.context())));
        rest(
                "POST",
                "/api/2.0/mlflow/runs/log-inputs",
                Map.of("run_id", runId, "datasets", List.of(input)));
    }

    /**
     * @return the digests of the dataset inputs the run logged
     */
    public List<String> datasetDigests(String runId) throws IOException {
        com.fasterxml.jackson.databind.JsonNode n =
                rest(
                        "GET",
                        "/api/2.0/mlflow/runs/get?run_id="
                                + URLEncoder.encode(runId, StandardCharsets.UTF_8),
                        null);
        List<String> out = new ArrayList<>();
        if (n != null) {
            n.path("run")
                    .path("inputs")
                    .path("dataset_inputs")
                    .forEach(d -> out.add(d.path("dataset").path("digest").asText()));
        }
        return out;
    }

    /**
     * @return the run's name as MLflow shows it
     */
    public String runName(String runId) throws IOException {
        return call(() -> client.getRun(runId).getInfo().getRunName());
    }

    /**
     * @param experimentId experiment
     * @param digest a dataset digest
     * @return ids of the experiment's runs that logged a dataset input with this digest
     */
    public List<String> runsWithDataset(String experimentId, String digest) throws IOException {
        return call(
                () -> {
                    List<String> out = new ArrayList<>();
                    RunsPage page =
                            client.searchRuns(
                                    List.of(experimentId),
                                    "dataset.digest = '" + digest.replace("'", "") + "'",
                                    Service.ViewType.ACTIVE_ONLY,
                                    1000);
                    page.getItems().forEach(r -> out.add(r.getInfo().getRunId()));
                    return out;
                });
    }

    @Override
    public String runUrl(String experimentId, String runId) {
        return uri + "/#/experiments/" + experimentId + "/runs/" + runId;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private com.fasterxml.jackson.databind.JsonNode rest(String method, String path, Object body)
            throws IOException {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json");
        if (method.equals("GET")) {
            b.GET();
        } else {
            b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> r = send(b.build());
        // "not found" comes as 404, as RESOURCE_DOES_NOT_EXIST, or (missing alias) as a 400 saying
        // so
        if (r.statusCode() == 404
                || r.body().contains("RESOURCE_DOES_NOT_EXIST")
                || (r.statusCode() == 400
                        && method.equals("GET")
                        && r.body().contains("not found"))) {
            return null;
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException(
                    "MLflow "
                            + method
                            + " "
                            + path.replaceAll("\\?.*", "")
                            + " answered "
                            + r.statusCode()
                            + ": "
                            + r.body().substring(0, Math.min(300, r.body().length())));
        }
        return JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
    }

    @Override
    public Optional<io.mlaops.activities.registry.ModelVersionInfo> byAlias(
            String model, String alias) throws IOException {
        com.fasterxml.jackson.databind.JsonNode n =
                rest(
                        "GET",
                        "/api/2.0/mlflow/registered-models/alias?name="
                                + URLEncoder.encode(model, StandardCharsets.UTF_8)
                                + "&alias="
                                + URLEncoder.encode(alias, StandardCharsets.UTF_8),
                        null);
        if (n == null || !n.has("model_version")) {
            return Optional.empty();
        }
        com.fasterxml.jackson.databind.JsonNode v = n.get("model_version");
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        v.path("tags").forEach(t -> tags.put(t.get("key").asText(), t.get("value").asText()));
        return Optional.of(
                new io.mlaops.activities.registry.ModelVersionInfo(
                        model, v.get("version").asText(), v.path("run_id").asText(""), tags));
    }

    @Override
    public String registerVersion(
            String model, String runId, String source, Map<String, String> tags)
            throws IOException {
        if (rest(
                        "GET",
                        "/api/2.0/mlflow/registered-models/get?name="
                                + URLEncoder.encode(model, StandardCharsets.UTF_8),
                        null)
                == null) {
            rest("POST", "/api/2.0/mlflow/registered-models/create", Map.of("name", model));
        }
        List<Map<String, String>> t = new ArrayList<>();
        tags.forEach((k, v) -> t.add(Map.of("key", k, "value", v)));
        com.fasterxml.jackson.databind.JsonNode n =
                rest(
                        "POST",
                        "/api/2.0/mlflow/model-versions/create",
                        Map.of("name", model, "source", source, "run_id", runId, "tags", t));
        return n.get("model_version").get("version").asText();
    }

    @Override
    public void setAlias(String model, String alias, String version) throws IOException {
        rest(
                "POST",
                "/api/2.0/mlflow/registered-models/alias",
                Map.of("name", model, "alias", alias, "version", version));
    }

    /**
     * @return the tracking URI
     */
    public String uri() {
        return uri;
    }

    /** A run's artifact root never changes: looked up once per run, not once per upload. */
    private final Map<String, String> artifactRoots =
            java.util.Collections.synchronizedMap(
                    new java.util.LinkedHashMap<>(64, 0.75f, true) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        protected boolean removeEldestEntry(Map.Entry<String, String> e) {
                            return size() > 1000;
                        }
                    });

    private String artifactUri(String runId) throws IOException {
        String cached = artifactRoots.get(runId);
        if (cached != null) {
            return cached;
        }
        String uri = call(() -> client.getRun(runId).getInfo().getArtifactUri());
        artifactRoots.put(runId, uri);
        return uri;
    }

    private String artifactPath(String runId, String path) throws IOException {
        String artifactUri = artifactUri(runId);
        String prefix = "mlflow-artifacts:/";
        if (!artifactUri.startsWith(prefix)) {
            throw new IOException(
                    "run "
                            + runId
                            + " stores artifacts at "
                            + artifactUri
                            + ": expected the server's artifact proxy (start the server with --artifacts-destination)");
        }
        String base = artifactUri.substring(prefix.length()).replaceAll("^/+", "");
        StringBuilder enc = new StringBuilder();
        for (String part : (base + "/" + path).split("/")) {
            if (!part.isEmpty()) {
                enc.append('/')
                        .append(
                                URLEncoder.encode(part, StandardCharsets.UTF_8)
                                        .replace("+", "%20"));
            }
        }
        return "/api/2.0/mlflow-artifacts/artifacts" + enc;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(uri + path)).timeout(Duration.ofMinutes(5));
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            // name the server (never the credentials) so that a dead MLflow is recognisable
            throw new IOException(
                    "MLflow at "
                            + uri
                            + ": "
                            + r.method()
                            + " "
                            + r.uri().getPath()
                            + " failed: "
                            + (e.getMessage() == null
                                    ? e.getClass().getSimpleName()
                                    : e.getMessage()),
                    e);
        }
    }

    private interface Call<T> {
        T run();
    }

    /** Client exceptions become IOExceptions naming the server (never the credentials). */
    private <T> T call(Call<T> c) throws IOException {
        try {
            return c.run();
        } catch (MlflowClientException e) {
            throw new IOException("MLflow at " + uri + ": " + e.getMessage(), e);
        }
    }
}
