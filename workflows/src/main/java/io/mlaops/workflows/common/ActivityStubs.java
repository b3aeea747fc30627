package io.mlaops.workflows.common;

import io.mlaops.activities.common.Failures;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.evaluation.EvaluationActivities;
import io.mlaops.activities.registry.PromotionActivities;
import io.mlaops.activities.staging.StagingActivities;
import io.mlaops.activities.tracking.TrackingActivities;
import io.mlaops.activities.training.TrainingActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The one place for activity options, per activity kind: task queue, timeouts, retries, heartbeat
 * and cancellation. Every workflow makes its stubs here, so the same kind behaves the same in a
 * sweep, a single run and a scheduled pipeline. Bad input ({@link Failures#BAD_INPUT}) is never
 * retried; store, network and worker failures are, with exponential backoff (1 s doubling to 1
 * min).
 */
public final class ActivityStubs {
    private ActivityStubs() {}

    private static RetryOptions retries(int attempts) {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofMinutes(1))
                .setMaximumAttempts(attempts)
                .setDoNotRetry(Failures.BAD_INPUT)
                .build();
    }

    /**
     * Staging builds or reads data (from packages, possibly large): CPU queue, 2 h, 10 attempts.
     */
    public static ActivityOptions stagingOptions() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CPU)
                .setStartToCloseTimeout(Duration.ofHours(2))
                .setRetryOptions(retries(10))
                .build();
    }

    /**
     * Training: device queue, 24 h, heartbeating, 20 attempts (each resumes from the checkpoint of
     * the last heartbeat); on cancellation the workflow waits for the activity to write its
     * checkpoint.
     *
     * @param heartbeatSeconds heartbeat timeout: a worker silent this long is presumed dead
     */
    public static ActivityOptions trainingOptions(int heartbeatSeconds) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.GPU)
                .setStartToCloseTimeout(Duration.ofHours(24))
                .setHeartbeatTimeout(Duration.ofSeconds(heartbeatSeconds))
                .setRetryOptions(retries(20))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build();
    }

    /** Evaluation restores a checkpoint and scores it: device queue, 2 h, 5 attempts. */
    public static ActivityOptions evaluationOptions() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.GPU)
                .setStartToCloseTimeout(Duration.ofHours(2))
                .setRetryOptions(retries(5))
                .build();
    }

    /** Tracking talks to MLflow (idempotent calls): CPU queue, 10 min, 10 attempts. */
    public static ActivityOptions trackingOptions() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CPU)
                .setStartToCloseTimeout(Duration.ofMinutes(10))
                .setRetryOptions(retries(10))
                .build();
    }

    /**
     * The cell store (records in the object store, content ids computed there): CPU queue, 10 min,
     * 10 attempts.
     */
    public static ActivityOptions cellStoreOptions() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CPU)
                .setStartToCloseTimeout(Duration.ofMinutes(10))
                .setRetryOptions(retries(10))
                .build();
    }

    /**
     * Which engine trains: the engine queue of the training workers, 1 min per attempt, 10
     * attempts; waits for a training worker to poll (as a training would).
     */
    public static ActivityOptions engineOptions() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.GPU_ENGINE)
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(retries(10))
                .build();
    }

    /**
     * Promotion scores the champion on the new test set and moves the alias: device queue, 1 h, 5
     * attempts.
     */
    public static ActivityOptions promotionOptions() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.GPU)
                .setStartToCloseTimeout(Duration.ofHours(1))
                .setRetryOptions(retries(5))
                .build();
    }

    /**
     * @return a staging stub (call from workflow code only)
     */
    public static StagingActivities staging() {
        return Workflow.newActivityStub(StagingActivities.class, stagingOptions());
    }

    /**
     * @return a training stub (call from workflow code only)
     */
    public static TrainingActivities training(int heartbeatSeconds) {
        return Workflow.newActivityStub(
                TrainingActivities.class, trainingOptions(heartbeatSeconds));
    }

    /**
     * @return an evaluation stub (call from workflow code only)
     */
    public static EvaluationActivities evaluation() {
        return Workflow.newActivityStub(EvaluationActivities.class, evaluationOptions());
    }

    /**
     * @return a tracking stub (call from workflow code only)
     */
    public static TrackingActivities tracking() {
        return Workflow.newActivityStub(TrackingActivities.class, trackingOptions());
    }

    /**
     * @return a cell store stub (call from workflow code only)
     */
    public static io.mlaops.activities.cells.CellStoreActivities cellStore() {
        return Workflow.newActivityStub(
                io.mlaops.activities.cells.CellStoreActivities.class, cellStoreOptions());
    }

    /**
     * @return an engine stub (call from workflow code only)
     */
    public static io.mlaops.activities.cells.EngineActivities engine() {
        return Workflow.newActivityStub(
                io.mlaops.activities.cells.EngineActivities.class, engineOptions());
    }

    /**
     * @return a promotion stub (call from workflow code only)
     */
    public static PromotionActivities promotion() {
        return Workflow.newActivityStub(PromotionActivities.class, promotionOptions());
    }
}
