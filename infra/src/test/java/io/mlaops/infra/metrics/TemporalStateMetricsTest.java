package io.mlaops.infra.metrics;

import static io.mlaops.infra.metrics.PlatformMetricsTest.value;
import static io.mlaops.infra.metrics.TemporalStateMetrics.Outcome.FAILED;
import static io.mlaops.infra.metrics.TemporalStateMetrics.Outcome.KEPT;
import static io.mlaops.infra.metrics.TemporalStateMetrics.Outcome.PROMOTED;
import static io.mlaops.infra.metrics.TemporalStateMetrics.Outcome.RUNNING;
import static io.mlaops.infra.metrics.TemporalStateMetrics.Outcome.STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.registry.PromotionDecision;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.schedule.PipelineSpecParser;
import io.mlaops.infra.schedule.Schedules;
import io.mlaops.infra.services.TemporalDevServer;
import io.mlaops.workflows.promotion.PipelineOutcome;
import io.mlaops.workflows.promotion.PipelineSpec;
import io.mlaops.workflows.promotion.PromotionPipelineWorkflow;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal-side metrics: streaks of failed runs and of rejected candidates read from a
 * schedule's recent runs, pollers counted only while fresh, and the whole poll against Temporal's
 * own server with a scheduled pipeline whose runs promote, keep or fail on demand.
 */
class TemporalStateMetricsTest {
    @Test
    void failuresInRowCountBackToTheLastSuccess() {
        assertEquals(0, TemporalStateMetrics.failuresInRow(List.of()));
        assertEquals(
                2,
                TemporalStateMetrics.failuresInRow(
                        List.of(RUNNING, FAILED, STOPPED, FAILED, KEPT, FAILED)));
        assertEquals(0, TemporalStateMetrics.failuresInRow(List.of(PROMOTED, FAILED, FAILED)));
        assertEquals(3, TemporalStateMetrics.failuresInRow(List.of(FAILED, FAILED, FAILED)));
    }

    @Test
    void rejectionsInRowCountBackToTheLastPromotionPassingOverFailures() {
        assertEquals(0, TemporalStateMetrics.rejectionsInRow(List.of()));
        assertEquals(
                3,
                TemporalStateMetrics.rejectionsInRow(
                        List.of(KEPT, FAILED, KEPT, RUNNING, KEPT, PROMOTED, KEPT)));
        assertEquals(0, TemporalStateMetrics.rejectionsInRow(List.of(PROMOTED, KEPT)));
    }

    @Test
    void onlyPollersSeenWithinTwoMinutesCountOncePerIdentity() {
        long now = 1_800_000_000_000L;
        PollerInfo fresh = poller("a@host", now - 60_000);
        PollerInfo freshAgain = poller("a@host", now - 1_000);
        PollerInfo stale = poller("b@host", now - 150_000);
        assertEquals(1, TemporalStateMetrics.freshPollers(List.of(fresh, freshAgain, stale), now));
        assertEquals(0, TemporalStateMetrics.freshPollers(List.of(stale), now));
    }

    private static PollerInfo poller(String identity, long millis) {
        return PollerInfo.newBuilder()
                .setIdentity(identity)
                .setLastAccessTime(
                        Timestamp.newBuilder()
                                .setSeconds(millis / 1000)
                                .setNanos((int) (millis % 1000) * 1_000_000))
                .build();
    }

    /** What the next pipeline run does. */
    static final AtomicReference<String> NEXT = new AtomicReference<>("promote");

    /** A pipeline whose outcome the test decides (the real one trains; that is not tested here). */
    public static final class ScriptedPipeline implements PromotionPipelineWorkflow {
        @Override
        public PipelineOutcome run(PipelineSpec spec) {
            String mode = NEXT.get();
            if (mode.equals("fail")) {
                throw ApplicationFailure.newNonRetryableFailure("the data set is gone", "test");
            }
            boolean promoted = mode.equals("promote");
            return new PipelineOutcome(
                    "run",
                    "hash",
                    new PromotionDecision(promoted, promoted ? "2" : "", 0.9, 0.91, "1"));
        }
    }

    @Test
    void schedulesAndTaskQueuesAsTemporalSeesThem(@TempDir Path home) throws Exception {
        PipelineSpec spec =
                PipelineSpecParser.parse(
                        """
                        name: nightly
                        dataset: {name: synthetic, kind: synthetic}
                        method: mla
                        model: m
                        """,
                        TestSupport.specs(home));
        try (TemporalDevServer server =
                TemporalDevServer.start(
                        home,
                        TestSupport.config(home).venvs(),
                        io.mlaops.infra.TestPorts.stack().temporal(),
                        System.err)) {
            WorkflowServiceStubs stubs =
                    WorkflowServiceStubs.newServiceStubs(
                            WorkflowServiceStubsOptions.newBuilder()
                                    .setTarget(server.target())
                                    .build());
            WorkflowClient client = WorkflowClient.newInstance(stubs);
            WorkerFactory factory = WorkerFactory.newInstance(client);
            factory.newWorker(TaskQueues.WORKFLOWS)
                    .registerWorkflowImplementationTypes(ScriptedPipeline.class);
            factory.start();
            ScheduleClient scheduleClient =
                    ScheduleClient.newInstance(
                            stubs,
                            ScheduleClientOptions.newBuilder()
                                    .setNamespace(client.getOptions().getNamespace())
                                    .build());
            Schedules schedules = new Schedules(scheduleClient, client, server.target());
            PrometheusMeterRegistry registry =
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            TemporalStateMetrics metrics =
                    new TemporalStateMetrics(registry, client, Clock.systemUTC());
            try {
                schedules.create(
                        "nightly", spec, "0 2 * * *", null, "skip", Duration.ofHours(1), "", false);
                String failures = "mla_schedule_failures_in_row{schedule=\"nightly\"}";
                String rejections = "mla_schedule_rejections_in_row{schedule=\"nightly\"}";
                // the list of schedules is eventually consistent: wait for it to show
                await(
                        "the schedule to be listed",
                        () -> !Double.isNaN(value(poll(metrics, registry), failures)));
                String s = registry.scrape();
                double next =
                        value(
                                s,
                                "mla_schedule_next_action_timestamp_seconds{schedule=\"nightly\"}");
                double now = System.currentTimeMillis() / 1000.0;
                assertTrue(next > now && next <= now + 86_400, "next run at " + next);
                assertEquals(0.0, value(s, "mla_schedule_paused{schedule=\"nightly\"}"));
                assertEquals(0.0, value(s, "mla_schedule_actions_total{schedule=\"nightly\"}"));
                assertTrue(
                        Double.isNaN(
                                value(
                                        s,
                                        "mla_schedule_last_action_timestamp_seconds{schedule=\"nightly\"}")));
                // the worker polls the workflows queue; nothing polls the device queue
                await(
                        "the worker's poll to be seen",
                        () ->
                                value(
                                                poll(metrics, registry),
                                                "mla_task_queue_pollers{task_queue=\"mla-workflows\",task_type=\"workflow\"}")
                                        == 1.0);
                assertEquals(
                        0.0,
                        value(
                                registry.scrape(),
                                "mla_task_queue_pollers{task_queue=\"mla-gpu\",task_type=\"activity\"}"));

                String[] script = {"promote", "keep", "keep", "fail", "fail", "keep"};
                double[][] expected = {{0, 0}, {0, 1}, {0, 2}, {1, 2}, {2, 2}, {0, 3}};
                for (int i = 0; i < script.length; i++) {
                    NEXT.set(script[i]);
                    schedules.trigger("nightly");
                    int runs = i + 1;
                    await(
                            "run " + runs + " (" + script[i] + ") to end",
                            () -> ended(scheduleClient, runs));
                    // the schedule's list of recent actions can trail the run's end briefly
                    double[] want = expected[i];
                    String[] seen = {""};
                    await(
                            "the counts after run " + runs + " (" + script[i] + ")",
                            () -> {
                                seen[0] = poll(metrics, registry);
                                return value(seen[0], failures) == want[0]
                                        && value(seen[0], rejections) == want[1];
                            });
                    s = seen[0];
                    assertEquals(expected[i][0], value(s, failures), "after " + script[i]);
                    assertEquals(expected[i][1], value(s, rejections), "after " + script[i]);
                }
                s = registry.scrape();
                assertEquals(6.0, value(s, "mla_schedule_actions_total{schedule=\"nightly\"}"));
                double last =
                        value(
                                s,
                                "mla_schedule_last_action_timestamp_seconds{schedule=\"nightly\"}");
                assertTrue(
                        Math.abs(last - System.currentTimeMillis() / 1000.0) < 300,
                        "last run at " + last);
                double polled = value(s, "mla_temporal_state_poll_timestamp_seconds");
                assertTrue(Math.abs(polled - System.currentTimeMillis() / 1000.0) < 60);

                schedules.pause("nightly", "test");
                assertEquals(
                        1.0,
                        value(
                                poll(metrics, registry),
                                "mla_schedule_paused{schedule=\"nightly\"}"));
                // a deleted schedule's series go away: no alert about a schedule that is gone
                schedules.delete("nightly");
                await(
                        "the deleted schedule's series to go",
                        () -> Double.isNaN(value(poll(metrics, registry), failures)));
                assertFalse(registry.scrape().contains("schedule=\"nightly\""));
            } finally {
                metrics.close();
                factory.shutdownNow();
                stubs.shutdownNow();
            }
        }
    }

    private static String poll(TemporalStateMetrics m, PrometheusMeterRegistry registry) {
        m.poll();
        return registry.scrape();
    }

    private static boolean ended(ScheduleClient client, int runs) {
        ScheduleInfo info = client.getHandle("nightly").describe().getInfo();
        return info.getNumActions() == runs && info.getRunningActions().isEmpty();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
