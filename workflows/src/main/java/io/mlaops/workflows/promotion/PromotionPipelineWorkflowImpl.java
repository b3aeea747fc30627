package io.mlaops.workflows.promotion;

import io.mlaops.activities.common.Failures;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationActivities;
import io.mlaops.activities.evaluation.EvaluationRequest;
import io.mlaops.activities.registry.PromotionActivities;
import io.mlaops.activities.registry.PromotionDecision;
import io.mlaops.activities.registry.PromotionRequest;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.activities.staging.StagingActivities;
import io.mlaops.activities.tracking.CellRecord;
import io.mlaops.activities.tracking.TrackingActivities;
import io.mlaops.activities.training.TrainingActivities;
import io.mlaops.activities.training.TrainingRequest;
import io.mlaops.activities.training.TrainingResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Deterministic orchestration of one pipeline run. A failure anywhere fails the workflow
 * (visible in Temporal and in the workers' failure metrics) before the promotion step, so a
 * failed run never moves the alias.
 */
public final class PromotionPipelineWorkflowImpl implements PromotionPipelineWorkflow {
    @Override
    public PipelineOutcome run(PipelineSpec spec) {
        RetryOptions retry = RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofMinutes(1)).setMaximumAttempts(5).setDoNotRetry(Failures.BAD_INPUT).build();
        StagingActivities staging = Workflow.newActivityStub(StagingActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CPU).setStartToCloseTimeout(Duration.ofHours(2)).setRetryOptions(retry).build());
        TrainingActivities training = Workflow.newActivityStub(TrainingActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.GPU).setStartToCloseTimeout(Duration.ofHours(24))
                .setHeartbeatTimeout(Duration.ofSeconds(spec.heartbeatSeconds())).setRetryOptions(retry).build());
        EvaluationActivities evaluation = Workflow.newActivityStub(EvaluationActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.GPU).setStartToCloseTimeout(Duration.ofHours(2)).setRetryOptions(retry).build());
        TrackingActivities tracking = Workflow.newActivityStub(TrackingActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CPU).setStartToCloseTimeout(Duration.ofMinutes(10)).setRetryOptions(retry).build());
        // promotion evaluates the champion on the new test set: device queue
        PromotionActivities promotion = Workflow.newActivityStub(PromotionActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.GPU).setStartToCloseTimeout(Duration.ofHours(1)).setRetryOptions(retry).build());

        String runKey = Workflow.getInfo().getWorkflowId();
        StagedDataset staged = staging.stage(spec.source());
        String experimentId = tracking.experimentId("pipeline-" + spec.name());
        TrainingResult trained = training.train(new TrainingRequest(runKey, staged, spec.trainerParams()));
        CellMetrics metrics = evaluation.evaluate(new EvaluationRequest(runKey, staged, trained.checkpointKey(), List.of(),
                "sample", List.of(), 0));
        String runId = tracking.recordCell(new CellRecord(experimentId, runKey, "", runName(runKey), runKey,
                Map.of("pipeline", spec.name()), staged, spec.trainerParams(), trained, metrics));
        double score = "fixed".equals(spec.metric()) ? metrics.fixedAccuracy() : metrics.dynamicAccuracy();
        PromotionDecision decision = promotion.decide(new PromotionRequest(spec.model(), experimentId, runId, trained,
                score, staged, spec.metric(), spec.margin()));
        return new PipelineOutcome(runId, staged.contentHash(), decision);
    }

    /**
     * @param workflowId a scheduled run's id, {@code pipeline-<schedule>-<scheduled time>}, or any id
     * @return the MLflow run name: the schedule and the time it ran for, e.g. {@code nightly-2026-11-30T02:00:00Z}
     */
    static String runName(String workflowId) {
        return workflowId.startsWith("pipeline-") ? workflowId.substring("pipeline-".length()) : workflowId;
    }
}
