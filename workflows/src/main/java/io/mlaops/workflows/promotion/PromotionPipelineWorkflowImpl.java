package io.mlaops.workflows.promotion;

import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.registry.PromotionDecision;
import io.mlaops.activities.registry.PromotionRequest;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.workflows.common.ActivityStubs;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.pipeline.CellRequest;
import io.mlaops.workflows.pipeline.TrainingPipelineWorkflow;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Optional;

/**
 * Deterministic orchestration of one pipeline run: stage the source, run the training pipeline
 * (train, evaluate, track) as a child workflow, then decide the promotion. A failure anywhere fails
 * the workflow (visible in Temporal and in the workers' failure metrics) before the promotion step,
 * so a failed run never moves the alias.
 */
public final class PromotionPipelineWorkflowImpl implements PromotionPipelineWorkflow {
    @Override
    public PipelineOutcome run(PipelineSpec spec) {
        String id = Workflow.getInfo().getWorkflowId();
        StagedDataset staged = ActivityStubs.staging().stage(spec.source());
        String experimentId = ActivityStubs.tracking().experimentId("pipeline-" + spec.name());
        TrainingPipelineWorkflow training =
                Workflow.newChildWorkflowStub(
                        TrainingPipelineWorkflow.class,
                        ChildWorkflowOptions.newBuilder()
                                .setWorkflowId(id + ".train")
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                // a cancelled run waits for the training to write its checkpoint
                                .setCancellationType(
                                        ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
                                .build());
        CellOutcome trained =
                training.run(
                        new CellRequest(
                                id,
                                experimentId,
                                "",
                                runName(id),
                                spec.cell(),
                                spec.source(),
                                Optional.of(staged),
                                "sample",
                                List.of(),
                                List.of(),
                                spec.heartbeatSeconds()));
        double score =
                "fixed".equals(spec.metric())
                        ? trained.metrics().fixedAccuracy()
                        : trained.metrics().dynamicAccuracy();
        PromotionDecision decision =
                ActivityStubs.promotion()
                        .decide(
                                new PromotionRequest(
                                        spec.model(),
                                        experimentId,
                                        trained.runId(),
                                        trained.checkpointKey(),
                                        score,
                                        staged,
                                        spec.metric(),
                                        spec.margin()));
        return new PipelineOutcome(trained.runId(), staged.contentHash(), decision);
    }

    /**
     * @param workflowId a scheduled run's id, {@code pipeline-<schedule>-<scheduled time>}, or any
     *     id
     * @return the MLflow run name: the schedule and the time it ran for, e.g. {@code
     *     nightly-2026-11-30T02:00:00Z}
     */
    static String runName(String workflowId) {
        return workflowId.startsWith("pipeline-")
                ? workflowId.substring("pipeline-".length())
                : workflowId;
    }
}
