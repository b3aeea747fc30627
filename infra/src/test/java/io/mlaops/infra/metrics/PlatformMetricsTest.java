package io.mlaops.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The metrics the alert rules read from a worker: attempts counted as first or retry by activity
 * type (both at zero from the start), checkpoint upload failures, and a running training's progress
 * time next to its heartbeat timeout, gone once it finishes.
 */
class PlatformMetricsTest {
    /** A scrape's value of one series, NaN when it is not there. */
    static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    @ActivityInterface
    public interface Flaky {
        String work();
    }

    @WorkflowInterface
    public interface FlakyFlow {
        @WorkflowMethod
        String run();
    }

    public static final class FlakyFlowImpl implements FlakyFlow {
        @Override
        public String run() {
            return Workflow.newActivityStub(
                            Flaky.class,
                            ActivityOptions.newBuilder()
                                    .setStartToCloseTimeout(Duration.ofMinutes(1))
                                    .setHeartbeatTimeout(Duration.ofSeconds(7))
                                    .setRetryOptions(
                                            RetryOptions.newBuilder()
                                                    .setInitialInterval(Duration.ofMillis(10))
                                                    .setMaximumAttempts(3)
                                                    .build())
                                    .build())
                    .work();
        }
    }

    /** Fails its first attempt; the second runs a "training" and reads the metrics mid-way. */
    static final class FlakyImpl implements Flaky {
        final PlatformMetrics metrics;
        final PrometheusMeterRegistry registry;
        final AtomicReference<String> midway = new AtomicReference<>("");

        FlakyImpl(PlatformMetrics metrics, PrometheusMeterRegistry registry) {
            this.metrics = metrics;
            this.registry = registry;
        }

        @Override
        public String work() {
            if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            metrics.started("sweep.cell.s0", "cpu");
            metrics.progress("sweep.cell.s0", 10, Map.of("a", 0.5));
            midway.set(registry.scrape());
            metrics.finished("sweep.cell.s0");
            return "ok";
        }
    }

    @Test
    void attemptsAreCountedAsFirstOrRetryAndTheRunningTrainingCarriesItsHeartbeatTimeout() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PlatformMetrics metrics = new PlatformMetrics(registry);
        FlakyImpl impl = new FlakyImpl(metrics, registry);
        metrics.attempts().expect(impl);
        String before = registry.scrape();
        assertEquals(
                0.0,
                value(
                        before,
                        "mla_activity_attempts_total{activity_type=\"Work\",attempt=\"retry\"}"));
        assertEquals(0.0, value(before, "mla_checkpoint_upload_failures_total"));
        try (TestWorkflowEnvironment env =
                TestWorkflowEnvironment.newInstance(
                        TestEnvironmentOptions.newBuilder()
                                .setWorkerFactoryOptions(
                                        WorkerFactoryOptions.newBuilder()
                                                .setWorkerInterceptors(metrics.attempts())
                                                .build())
                                .build())) {
            Worker w = env.newWorker("q");
            w.registerWorkflowImplementationTypes(FlakyFlowImpl.class);
            w.registerActivitiesImplementations(impl);
            env.start();
            String r =
                    env.getWorkflowClient()
                            .newWorkflowStub(
                                    FlakyFlow.class,
                                    WorkflowOptions.newBuilder().setTaskQueue("q").build())
                            .run();
            assertEquals("ok", r);
        }
        String after = registry.scrape();
        assertEquals(
                1.0,
                value(
                        after,
                        "mla_activity_attempts_total{activity_type=\"Work\",attempt=\"first\"}"));
        assertEquals(
                1.0,
                value(
                        after,
                        "mla_activity_attempts_total{activity_type=\"Work\",attempt=\"retry\"}"));
        String midway = impl.midway.get();
        assertEquals(
                7.0,
                value(midway, "mla_training_heartbeat_timeout_seconds{cell=\"sweep.cell.s0\"}"));
        double progress =
                value(midway, "mla_training_progress_timestamp_seconds{cell=\"sweep.cell.s0\"}");
        assertTrue(
                Math.abs(progress - System.currentTimeMillis() / 1000.0) < 120,
                "progress at " + progress);
        // a finished training leaves no series behind (a stale one would look stuck)
        assertFalse(after.contains("mla_training_progress_timestamp_seconds{"), after);
        assertFalse(after.contains("mla_training_heartbeat_timeout_seconds{"), after);
    }

    @Test
    void progressMovesTheTimestampAndUploadFailuresAreCounted() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Instant[] now = {Instant.parse("2026-12-01T02:00:00Z")};
        Clock clock =
                new Clock() {
                    @Override
                    public ZoneOffset getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return now[0];
                    }
                };
        PlatformMetrics metrics = new PlatformMetrics(registry, clock);
        metrics.started("c", "cpu");
        String series = "mla_training_progress_timestamp_seconds{cell=\"c\"}";
        assertEquals(now[0].getEpochSecond(), value(registry.scrape(), series));
        // outside an activity there is no heartbeat timeout to compare with: NaN, never an alert
        assertTrue(
                Double.isNaN(
                        value(
                                registry.scrape(),
                                "mla_training_heartbeat_timeout_seconds{cell=\"c\"}")));
        now[0] = now[0].plusSeconds(90);
        metrics.progress("c", 3.0, Map.of("a", 1.0));
        assertEquals(now[0].getEpochSecond(), value(registry.scrape(), series));
        metrics.checkpointUploadFailed("c");
        metrics.checkpointUploadFailed("c");
        assertEquals(2.0, value(registry.scrape(), "mla_checkpoint_upload_failures_total"));
        metrics.finished("c");
        assertTrue(Double.isNaN(value(registry.scrape(), series)));
    }
}
