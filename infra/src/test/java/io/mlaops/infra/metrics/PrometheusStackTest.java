package io.mlaops.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.schedule.PipelineSpecParser;
import io.mlaops.infra.schedule.Schedules;
import io.mlaops.infra.services.LocalPrometheus;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.services.StackState;
import io.mlaops.infra.sweep.SweepSpecParser;
import io.mlaops.workflows.promotion.PipelineSpec;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.mlaops.workflows.sweep.SweepStubs;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package, started by {@code mla dev up --prometheus} on 127.0.0.1 with
 * the alert rules loaded) scrapes a running local stack, a device worker of its own and Temporal's
 * server while a scheduled pipeline, a sweep and a failing sweep run. Then:
 *
 * <ul>
 *   <li>every panel expression of {@code dashboards/grafana/*.json} and every alert rule's
 *       expression is evaluated over the run: each parses, every metric selector in it has series
 *       (a renamed metric fails here), and each panel has data (one may be empty for a stated
 *       reason, its metric then declared by the Temporal SDK);
 *   <li>two alerts fire for real and resolve after recovery: the device worker is killed ({@code
 *       MlaWorkerDown}) and started again; the pipeline's source data disappears so that a
 *       scheduled run fails ({@code MlaPipelineRunsFailing}), and is restored so that the next run
 *       succeeds.
 * </ul>
 *
 * The table of expressions with their sample counts goes to {@code
 * infra/target/prometheus-expressions.md}, the alerts' times to {@code
 * infra/target/alerts-fired.txt}. Waits are on conditions with generous deadlines (a busy 2-core
 * machine); scrapes, rule evaluation and the schedule poll run every 2 s here ({@code
 * MLA_PROMETHEUS_INTERVAL}, {@code MLA_STATE_POLL_SECONDS}), the rules keep their own {@code for}
 * durations.
 */
class PrometheusStackTest {
    private static final Pattern SELECTOR =
            Pattern.compile("\\b((?:mla|temporal)_[a-zA-Z0-9_]+|up)(\\{[^}]*\\})?");

    /**
     * Panels that may honestly be empty in this run, with the reason; their metrics must then be
     * ones the Temporal SDK declares (so a typo still fails).
     */
    private static final Map<String, String> MAY_BE_EMPTY =
            Map.of(
                    "RPC failures to Temporal",
                    "no request of the stack to Temporal failed in this run");

    /** Alerts this test makes fire: their expressions must have samples. */
    private static final Set<String> FIRED = Set.of("MlaWorkerDown", "MlaPipelineRunsFailing");

    private static final String SWEEP =
            """
            name: prometheus
            datasets: [{name: synthetic, kind: synthetic, options: {seed: 0}}]
            methods: [mla]
            hgm: [paper]
            seeds: 2
            max_parallel: 2
            trainer: {epochs: 100}
            heartbeat_seconds: 30
            """;

    private record Expression(String source, String name, String expr) {}

    private record Row(Expression e, int seriesAtEnd, long samples, String verdict) {}

    @Test
    void aRealPrometheusScrapesTheStackEvaluatesEveryExpressionAndAlertsFireAndResolve(
            @TempDir Path home) throws Exception {
        TestSupport.requireTool(
                LocalPrometheus.binary().isPresent(),
                "prometheus (Debian's package: bash .ci/install-prometheus.sh)");
        Map<String, String> env = TestSupport.stackEnv(home);
        env.put("MLA_PROMETHEUS_PORT", Integer.toString(io.mlaops.infra.TestPorts.reserve()));
        env.put(
                "MLA_PROMETHEUS_BACKEND_PORT",
                Integer.toString(io.mlaops.infra.TestPorts.reserve()));
        env.put("MLA_PROMETHEUS_INTERVAL", "2");
        env.put("MLA_STATE_POLL_SECONDS", "2");
        // training goes to a device worker of its own: the one this test kills
        env.put("MLA_DEV_WORKER_QUEUES", "workflows,cpu");
        int gpuPort = io.mlaops.infra.TestPorts.reserve();
        List<String> timeline = new ArrayList<>();
        Process gpu = null;
        try {
            TestSupport.Cli up = TestSupport.mla(env, 600, "dev", "up", "--prometheus");
            assertEquals(0, up.code(), up.out());
            StackState state = StackState.readLive(home).orElseThrow();
            assertTrue(state.prometheusUrl().startsWith("http://127.0.0.1:"), state.toString());
            assertTrue(up.out().contains("Prometheus        " + state.prometheusUrl()), up.out());
            PrometheusApi prom = new PrometheusApi(state.prometheusUrl());
            // the UI, through the guard: the alerts page lists the rules
            java.net.http.HttpResponse<String> page =
                    java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    java.net.URI.create(
                                                            state.prometheusUrl()
                                                                    + "/classic/alerts"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("MlaPipelineRunsFailing"), page.body());
            double start = now();
            gpu = startWorker(env, gpuPort, home);
            // a worker started by hand joins the scrape by a file, as the README says
            Files.writeString(
                    home.resolve("prometheus").resolve("targets").resolve("gpu.yml"),
                    "- targets: ['127.0.0.1:" + gpuPort + "']\n");
            String gpuTarget = "127.0.0.1:" + gpuPort;
            awaitTrue(
                    "Prometheus to scrape the device worker",
                    120,
                    () -> has(prom, "up{job=\"mla-workers\",instance=\"" + gpuTarget + "\"} == 1"));

            Path source =
                    Files.createDirectories(home.resolve("datasets")).resolve("nightly-source");
            io.mlaops.model.data.files.DatasetFiles.write(
                    io.mlaops.model.data.synthetic.SyntheticDatasetGenerator.generate(
                            io.mlaops.model.data.synthetic.SyntheticConfig.imbalanced(0)),
                    source,
                    Map.of());
            PipelineSpec pipeline =
                    PipelineSpecParser.parse(
                            """
                            name: nightly
                            dataset: {name: nightly-source, kind: folder, options: {path: %s}}
                            method: mla
                            hgm: paper
                            trainer: {epochs: 2}
                            model: nightly-model
                            margin: 0.005
                            heartbeat_seconds: 30
                            """
                                    .formatted(source),
                            TestSupport.specs(home));
            try (Stack stack = Stack.connect(TestSupport.config(home), Optional.of(state))) {
                WorkflowClient client = stack.workflowClient();
                Schedules schedules =
                        new Schedules(
                                stack.scheduleClient(),
                                stack.workflowClient(),
                                stack.temporalTarget());
                schedules.create(
                        "nightly",
                        pipeline,
                        "0 3 * * *",
                        null,
                        "skip",
                        Duration.ofHours(1),
                        "",
                        false);
                schedules.trigger("nightly");

                // a sweep while the pipeline runs, and a sweep whose staging fails
                SweepSpec spec = SweepSpecParser.parse(SWEEP, TestSupport.specs(home));
                String id = SweepSpecParser.sweepId(spec);
                SweepResult r =
                        SweepStubs.toStart(client, id)
                                .run(new SweepRequest(spec, id, List.of(), 100));
                assertEquals(2, r.trained());
                SweepSpec bad = WorkerMetricsScrapeTest.failingStaging(spec);
                AblationSweepWorkflow failing = SweepStubs.toStart(client, "failing");
                org.junit.jupiter.api.Assertions.assertThrows(
                        io.temporal.client.WorkflowFailedException.class,
                        () -> failing.run(new SweepRequest(bad, "failing", List.of(), 100)));
                awaitTrue(
                        "the first pipeline run to end", 600, () -> runsEnded(stack, "nightly", 1));
                awaitTrue(
                        "Prometheus to see the promotion",
                        120,
                        () -> has(prom, "mla_champion_score{model=\"nightly-model\"}"));

                // --- alert 1: the device worker dies ------------------------------------------
                awaitTrue("no alert before the faults", 60, () -> firing(prom).isEmpty());
                double killed = now();
                gpu.destroyForcibly(); // SIGKILL: no goodbye
                gpu.waitFor(30, TimeUnit.SECONDS);
                timeline.add(at(killed) + "  killed the device worker (SIGKILL), " + gpuTarget);
                Map<String, String> labels = Map.of("instance", gpuTarget);
                double fired = awaitAlert(prom, "MlaWorkerDown", labels, "firing", 300);
                timeline.add(
                        at(fired)
                                + "  MlaWorkerDown firing for "
                                + gpuTarget
                                + String.format(
                                        Locale.ROOT, " (%.0f s after the kill)", fired - killed));
                double restarted = now();
                gpu = startWorker(env, gpuPort, home);
                timeline.add(at(restarted) + "  started the device worker again on the same port");
                double resolved = awaitNoAlert(prom, "MlaWorkerDown", labels, 300);
                timeline.add(
                        at(resolved)
                                + "  MlaWorkerDown resolved"
                                + String.format(
                                        Locale.ROOT,
                                        " (%.0f s after the restart)",
                                        resolved - restarted));

                // --- alert 2: a scheduled run fails, the next one succeeds -------------------
                Path away = home.resolve("datasets").resolve("nightly-source.moved");
                Files.move(source, away);
                double broke = now();
                timeline.add(
                        at(broke) + "  moved the pipeline's source data away; triggered nightly");
                schedules.trigger("nightly");
                Map<String, String> sched = Map.of("schedule", "nightly");
                double failed = awaitAlert(prom, "MlaPipelineRunsFailing", sched, "firing", 300);
                timeline.add(
                        at(failed)
                                + "  MlaPipelineRunsFailing firing: "
                                + summary(prom, "MlaPipelineRunsFailing")
                                + String.format(
                                        Locale.ROOT,
                                        " (%.0f s after the trigger)",
                                        failed - broke));
                Files.move(away, source);
                double fixed = now();
                timeline.add(at(fixed) + "  restored the source data; triggered nightly");
                schedules.trigger("nightly");
                double ok = awaitNoAlert(prom, "MlaPipelineRunsFailing", sched, 600);
                timeline.add(
                        at(ok)
                                + "  MlaPipelineRunsFailing resolved: the run succeeded"
                                + String.format(
                                        Locale.ROOT, " (%.0f s after the trigger)", ok - fixed));
                assertTrue(runsEnded(stack, "nightly", 3));
            }
            double end = now();
            Files.writeString(
                    Path.of("target", "alerts-fired.txt"), String.join("\n", timeline) + "\n");
            System.out.println(String.join("\n", timeline));

            // --- every expression, over the whole run ------------------------------------------
            List<Row> rows = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            Map<String, Integer> selectors = new LinkedHashMap<>();
            for (Expression e : expressions()) {
                JsonNode range;
                JsonNode instant;
                try {
                    range = prom.queryRange(e.expr(), start, end, 2);
                    instant = prom.query(e.expr(), end);
                } catch (IllegalStateException x) {
                    problems.add(e.source() + " '" + e.name() + "': " + x.getMessage());
                    continue;
                }
                long samples = 0;
                for (JsonNode s : range) {
                    samples += s.get("values").size();
                }
                String verdict;
                if (e.source().startsWith("rule")) {
                    if (FIRED.contains(e.name())) {
                        verdict = samples > 0 ? "fired in this run" : "MISSING: it fired";
                    } else {
                        verdict = samples > 0 ? "true at times" : "quiet (no such fault here)";
                    }
                } else if (samples > 0) {
                    verdict = "data";
                } else if (MAY_BE_EMPTY.containsKey(e.name())) {
                    verdict = "empty: " + MAY_BE_EMPTY.get(e.name());
                } else {
                    verdict = "MISSING: a panel without data";
                }
                if (verdict.startsWith("MISSING")) {
                    problems.add(e.source() + " '" + e.name() + "' (" + e.expr() + "): " + verdict);
                }
                rows.add(new Row(e, instant.size(), samples, verdict));
                Matcher m = SELECTOR.matcher(e.expr());
                while (m.find()) {
                    String sel = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                    if (!selectors.containsKey(sel)) {
                        selectors.put(sel, prom.series(sel, start, end));
                    }
                    if (selectors.get(sel) == 0
                            && !(MAY_BE_EMPTY.containsKey(e.name()) && sdkDeclares(m.group(1)))) {
                        problems.add(
                                e.source()
                                        + " '"
                                        + e.name()
                                        + "': no series for "
                                        + sel
                                        + " (renamed or never exported?)");
                    }
                }
            }
            String table = table(rows, selectors, end - start);
            Files.writeString(Path.of("target", "prometheus-expressions.md"), table);
            System.out.println(table);
            assertTrue(rows.size() >= 30, "too few expressions: " + rows.size());
            assertTrue(problems.isEmpty(), String.join("\n", new LinkedHashSet<>(problems)));
        } finally {
            if (gpu != null) {
                gpu.destroyForcibly();
                gpu.waitFor(30, TimeUnit.SECONDS);
            }
            TestSupport.Cli down = TestSupport.mla(env, 180, "dev", "down");
            System.out.println(down.out());
        }
    }

    /** Every panel expression of the Grafana dashboards and every alert rule's expression. */
    @SuppressWarnings("unchecked")
    static List<Expression> expressions() throws Exception {
        List<Expression> out = new ArrayList<>();
        for (String board : List.of("pipelines.json", "workers.json")) {
            JsonNode json =
                    new ObjectMapper()
                            .readTree(Path.of("..", "dashboards", "grafana", board).toFile());
            for (JsonNode panel : json.get("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    out.add(
                            new Expression(
                                    "panel " + board.replace(".json", ""),
                                    panel.get("title").asText(),
                                    target.get("expr").asText().replace("$instance", ".*")));
                }
            }
        }
        for (var e : AlertRulesTest.alerts().entrySet()) {
            out.add(new Expression("rule", e.getKey(), ((String) e.getValue().get("expr")).trim()));
        }
        return out;
    }

    /** Whether the Temporal SDK declares the metric (by its Prometheus name). */
    static boolean sdkDeclares(String prometheusName) throws IllegalAccessException {
        String base = prometheusName.replaceAll("_(total|bucket|count|sum|max)$", "");
        base = base.replaceAll("_seconds$", "");
        for (Class<?> c :
                List.of(
                        io.temporal.serviceclient.MetricsType.class,
                        io.temporal.worker.MetricsType.class)) {
            for (java.lang.reflect.Field f : c.getFields()) {
                if (f.getType() == String.class && base.equals(f.get(null))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String table(List<Row> rows, Map<String, Integer> selectors, double seconds) {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "Expressions evaluated by a real Prometheus over %.0f s of a local stack "
                                + "(range queries, step 2 s; series = series at the end)%n%n",
                        seconds));
        b.append("| source | name | series | samples | verdict | expression |\n");
        b.append("|---|---|---:|---:|---|---|\n");
        for (Row r : rows) {
            b.append("| ")
                    .append(r.e().source())
                    .append(" | ")
                    .append(r.e().name())
                    .append(" | ")
                    .append(r.seriesAtEnd())
                    .append(" | ")
                    .append(r.samples())
                    .append(" | ")
                    .append(r.verdict())
                    .append(" | `")
                    .append(r.e().expr().replaceAll("\\s+", " ").replace("|", "\\|"))
                    .append("` |\n");
        }
        b.append("\n| selector | series in the run |\n|---|---:|\n");
        selectors.forEach(
                (s, n) ->
                        b.append("| `")
                                .append(s.replace("|", "\\|"))
                                .append("` | ")
                                .append(n)
                                .append(" |\n"));
        return b.toString();
    }

    private static Process startWorker(Map<String, String> env, int port, Path home)
            throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                                javaBin,
                                "-Xmx1g",
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "io.mlaops.infra.cli.MlaCli",
                                "worker",
                                "--queues",
                                "gpu",
                                "--metrics-port",
                                Integer.toString(port),
                                "--identity",
                                "device-worker")
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        home.resolve("device-worker.log").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        // ready: its metrics endpoint answers (after it connected and started polling)
        awaitTrue(
                "the device worker to start (log " + home.resolve("device-worker.log") + ")",
                180,
                () -> {
                    if (!p.isAlive()) {
                        throw new AssertionError(
                                "the device worker exited: "
                                        + Files.readString(home.resolve("device-worker.log")));
                    }
                    return answers("http://127.0.0.1:" + port + "/readyz");
                });
        return p;
    }

    private static boolean answers(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean runsEnded(Stack stack, String schedule, int runs) {
        ScheduleInfo info = stack.scheduleClient().getHandle(schedule).describe().getInfo();
        return info.getNumActions() >= runs && info.getRunningActions().isEmpty();
    }

    private static boolean has(PrometheusApi prom, String expr) {
        try {
            return prom.query(expr, now()).size() > 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> firing(PrometheusApi prom) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode a : prom.alerts()) {
            if ("firing".equals(a.path("state").asText())) {
                out.add(a.path("labels").toString());
            }
        }
        return out;
    }

    private static Optional<JsonNode> alert(
            PrometheusApi prom, String name, Map<String, String> labels) throws Exception {
        for (JsonNode a : prom.alerts()) {
            JsonNode l = a.path("labels");
            if (name.equals(l.path("alertname").asText())
                    && labels.entrySet().stream()
                            .allMatch(x -> x.getValue().equals(l.path(x.getKey()).asText()))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static String summary(PrometheusApi prom, String name) throws Exception {
        return alert(prom, name, Map.of())
                .map(a -> a.path("annotations").path("summary").asText())
                .orElse("");
    }

    /**
     * @return when the alert was first seen in {@code state}
     */
    private static double awaitAlert(
            PrometheusApi prom, String name, Map<String, String> labels, String state, long seconds)
            throws Exception {
        double[] seen = {0};
        awaitTrue(
                name + " " + labels + " to be " + state,
                seconds,
                () -> {
                    Optional<JsonNode> a = alert(prom, name, labels);
                    if (a.isPresent() && state.equals(a.get().path("state").asText())) {
                        seen[0] = now();
                        return true;
                    }
                    return false;
                });
        return seen[0];
    }

    /**
     * @return when the alert was first seen gone
     */
    private static double awaitNoAlert(
            PrometheusApi prom, String name, Map<String, String> labels, long seconds)
            throws Exception {
        double[] seen = {0};
        awaitTrue(
                name + " " + labels + " to resolve",
                seconds,
                () -> {
                    if (alert(prom, name, labels).isEmpty()) {
                        seen[0] = now();
                        return true;
                    }
                    return false;
                });
        return seen[0];
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(String what, long seconds, Condition c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static String at(double t) {
        return Instant.ofEpochMilli((long) (t * 1000)).toString();
    }
}
