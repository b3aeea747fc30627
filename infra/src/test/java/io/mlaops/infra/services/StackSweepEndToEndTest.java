package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.tracking.AblationRow;
import io.mlaops.activities.tracking.TrackedRun;
import io.mlaops.activities.tracking.TrackingActivitiesImpl;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.sweep.SweepSpecParser;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.mlaops.workflows.sweep.SweepStubs;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local stack (embedded Temporal, S3Proxy, MLflow) with a worker: a sweep runs end to end
 * into MLflow; the same spec started again while running is the same sweep; started again after it
 * finished, it trains nothing and MLflow still holds one run per cell.
 */
class StackSweepEndToEndTest {
    private static final String SPEC =
            """
            name: e2e
            datasets: [{name: synthetic, kind: synthetic}]
            methods: [mla, joint]
            hgm: [off, paper]
            seeds: 2
            max_parallel: 2
            trainer: {epochs: 2}
            evaluation: {missing_fractions: [0.5]}
            heartbeat_seconds: 30
            """;

    private static AblationSweepWorkflow stub(WorkflowClient c, String id) {
        return SweepStubs.toStart(c, id);
    }

    @Test
    void sweepThroughTheRealStack(@TempDir Path home) throws Exception {
        ServiceConfig cfg = io.mlaops.infra.TestSupport.config(home);
        SweepSpec spec = SweepSpecParser.parse(SPEC, TestSupport.specs(home));
        String id = SweepSpecParser.sweepId(spec);
        try (Stack stack = TestSupport.startStack(cfg);
                MlaWorker worker =
                        TestSupport.worker(stack, Set.of("workflows", "cpu", "gpu"), 1000)) {
            worker.start();
            assertEquals(List.of("s3", "mlflow", "temporal"), stack.embedded());
            WorkflowClient client = stack.workflowClient();
            WorkflowClient.start(stub(client, id)::run, new SweepRequest(spec, id, List.of(), 200));
            boolean attached = false;
            try {
                WorkflowClient.start(
                        stub(client, id)::run, new SweepRequest(spec, id, List.of(), 200));
            } catch (WorkflowExecutionAlreadyStarted e) {
                attached = true; // the same spec while it runs is the same sweep
            }
            assertTrue(attached);
            SweepResult first = client.newUntypedWorkflowStub(id).getResult(SweepResult.class);
            assertEquals(6, first.trained());
            assertTrue(first.failures().isEmpty(), first.failures().toString());

            WorkflowClient.start(stub(client, id)::run, new SweepRequest(spec, id, List.of(), 200));
            SweepResult second = client.newUntypedWorkflowStub(id).getResult(SweepResult.class);
            assertEquals(0, second.trained());
            assertEquals(6, second.reused());
            assertEquals(first.table().rows(), second.table().rows());

            String exp = stack.tracker().experimentId("e2e");
            List<TrackedRun> cells =
                    stack.tracker().findRuns(exp, Map.of(TrackingActivitiesImpl.ROLE_TAG, "cell"));
            assertEquals(6, cells.size());
            cells.forEach(r -> assertEquals("FINISHED", r.status()));
            MlflowTracker mlflow = (MlflowTracker) stack.tracker();
            assertTrue(
                    mlflow.listArtifacts(first.parentRunId())
                            .containsAll(
                                    List.of(
                                            "ablation.csv",
                                            "ablation.html",
                                            "ablation.json",
                                            "report.html")),
                    mlflow.listArtifacts(first.parentRunId()).toString());
            assertTrue(mlflow.listArtifacts(cells.get(0).runId()).contains("metrics.json"));

            // lineage: every cell run logged the staged data set as an MLflow dataset input, found
            // by its digest
            String digest = stagedDigest(mlflow, cells.get(0).runId());
            assertEquals(32, digest.length(), "no dataset input on " + cells.get(0).runId());
            assertEquals(
                    cells.stream().map(TrackedRun::runId).sorted().toList(),
                    mlflow.runsWithDataset(exp, digest).stream().sorted().toList());

            // a schedule, for the Temporal UI's schedules page
            io.mlaops.infra.schedule.Schedules schedules =
                    new io.mlaops.infra.schedule.Schedules(
                            stack.scheduleClient(), stack.workflowClient(), stack.temporalTarget());
            schedules.create(
                    "nightly-e2e",
                    io.mlaops.infra.schedule.PipelineSpecParser.parse(
                            java.nio.file.Files.readString(
                                    Path.of("..", "pipelines", "nightly.yaml")),
                            TestSupport.specs(home)),
                    "0 2 * * *",
                    null,
                    "skip",
                    java.time.Duration.ofHours(1),
                    "retrain av-digits every night",
                    true);

            // the comparison page, in real headless Chromium, shows the sweep's table
            TestSupport.requireTool(
                    java.nio.file.Files.isExecutable(TestSupport.CHROMIUM),
                    "chromium (apt-get install -y chromium)");
            {
                Path chart =
                        io.mlaops.infra.dashboard.ChartJs.umd(
                                Path.of("..", ".mla", "cache", "npm").toAbsolutePath().normalize());
                try (io.mlaops.infra.dashboard.DashboardServer page =
                        new io.mlaops.infra.dashboard.DashboardServer(
                                0, stack.mlflowUri(), java.util.Optional.empty(), chart)) {
                    String url = page.url() + "?experiment=e2e";
                    String dom =
                            TestSupport.chromium(
                                    home.resolve("c1"), "1400,1800", "--dump-dom", url);
                    assertTrue(dom.contains("data-loaded=\"true\""), "page did not finish loading");
                    for (AblationRow row : first.table().rows()) {
                        java.util.regex.Matcher m =
                                java.util.regex.Pattern.compile(
                                                "<tr data-key=\""
                                                        + java.util.regex.Pattern.quote(
                                                                row.dataset() + "|" + row.label())
                                                        + "\"[^>]*>.*?data-metric=\"fused\" data-mean=\"([^\"]+)\"")
                                        .matcher(dom);
                        assertTrue(m.find(), "row " + row.label() + " missing on the page");
                        assertEquals(
                                row.fused().mean(),
                                Double.parseDouble(m.group(1)),
                                1e-12,
                                row.label());
                    }
                    Path shot = Path.of("target", "dashboard.png").toAbsolutePath();
                    TestSupport.chromium(
                            home.resolve("c2"), "1400,1800", "--screenshot=" + shot, url);
                    assertTrue(java.nio.file.Files.size(shot) > 10_000);
                    // the same view as a self-contained artifact of the parent run, opened from a
                    // file without MLflow
                    Path report = home.resolve("report.html");
                    java.nio.file.Files.write(
                            report, mlflow.downloadArtifact(first.parentRunId(), "report.html"));
                    String offline =
                            TestSupport.chromium(
                                    home.resolve("c3"),
                                    "1400,1800",
                                    "--dump-dom",
                                    report.toUri().toString());
                    assertTrue(offline.contains("data-loaded=\"true\""), "report did not load");
                    for (AblationRow row : first.table().rows()) {
                        assertTrue(
                                offline.contains(
                                        "<tr data-key=\""
                                                + row.dataset()
                                                + "|"
                                                + row.label()
                                                + "\""),
                                row.label());
                    }
                }
                // the Temporal Web UI of the embedded server: the sweep's workflow and the
                // schedules page
                String sweepPage = stack.temporalUi() + "/namespaces/default/workflows/" + id;
                String sweepDom =
                        TestSupport.chromium(
                                home.resolve("t1"), "1600,1000", "--dump-dom", sweepPage);
                assertTrue(sweepDom.contains(id), "the Temporal UI does not show the sweep");
                TestSupport.chromium(
                        home.resolve("t2"),
                        "1600,1000",
                        "--screenshot=" + Path.of("target", "temporal-sweep.png").toAbsolutePath(),
                        sweepPage);
                String schedulesPage = stack.temporalUi() + "/namespaces/default/schedules";
                assertTrue(
                        TestSupport.chromium(
                                        home.resolve("t3"),
                                        "1600,1000",
                                        "--dump-dom",
                                        schedulesPage)
                                .contains("nightly-e2e"),
                        "the Temporal UI does not list the schedule");
                TestSupport.chromium(
                        home.resolve("t4"),
                        "1600,1000",
                        "--screenshot="
                                + Path.of("target", "temporal-schedules.png").toAbsolutePath(),
                        schedulesPage);
                // the MLflow UI shows a cell run's dataset input
                String runPage = mlflow.runUrl(exp, cells.get(0).runId());
                TestSupport.chromium(
                        home.resolve("m1"),
                        "1600,1000",
                        "--screenshot="
                                + Path.of("target", "mlflow-dataset-input.png").toAbsolutePath(),
                        runPage);
                assertTrue(
                        TestSupport.chromium(home.resolve("m2"), "1600,1000", "--dump-dom", runPage)
                                .contains("synthetic"),
                        "the MLflow run page does not name the data set");
            }
        }
    }

    /**
     * @return the digest of the dataset input the run logged, empty if none
     */
    private static String stagedDigest(MlflowTracker mlflow, String runId) throws Exception {
        return mlflow.datasetDigests(runId).stream().findFirst().orElse("");
    }
}
