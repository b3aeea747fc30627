package io.mlaops.workflows.pipeline;

import io.mlaops.activities.common.Failures;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationActivities;
import io.mlaops.activities.evaluation.EvaluationRequest;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.activities.staging.StagingActivities;
import io.mlaops.activities.tracking.CellRecord;
import io.mlaops.activities.tracking.TrackingActivities;
import io.mlaops.activities.training.TrainingActivities;
import io.mlaops.activities.training.TrainingRequest;
import io.mlaops.activities.training.TrainingResult;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Deterministic orchestration of one cell; every side effect is an activity. */
public final class TrainingPipelineWorkflowImpl implements TrainingPipelineWorkflow {
    private String stage = "starting";
    private String cellKey = "";

    @Override
    public CellOutcome run(CellRequest r) {
        cellKey = r.cell().key();
        // staging builds or reads data: CPU queue, a few retries
        StagingActivities staging = Workflow.newActivityStub(StagingActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CPU).setStartToCloseTimeout(Duration.ofHours(2))
                .setRetryOptions(retries(5)).build());
        // training: device queue, long, heartbeating; a retry resumes from the heartbeat's checkpoint
        TrainingActivities training = Workflow.newActivityStub(TrainingActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.GPU).setStartToCloseTimeout(Duration.ofHours(24))
                .setHeartbeatTimeout(Duration.ofSeconds(r.heartbeatSeconds())).setRetryOptions(retries(20))
                // on cancel, wait for the activity to write its checkpoint before the cell ends
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build());
        EvaluationActivities evaluation = Workflow.newActivityStub(EvaluationActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.GPU).setStartToCloseTimeout(Duration.ofHours(2)).setRetryOptions(retries(5)).build());
        TrackingActivities tracking = Workflow.newActivityStub(TrackingActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CPU).setStartToCloseTimeout(Duration.ofMinutes(10)).setRetryOptions(retries(10)).build());

        stage = "staging";
        StagedDataset staged = r.staged().isPresent() ? r.staged().get() : staging.stage(r.source());
        stage = "training";
        TrainingResult trained = training.train(new TrainingRequest(Workflow.getInfo().getWorkflowId(), staged, r.trainerParams()));
        stage = "evaluating";
        CellMetrics metrics = evaluation.evaluate(new EvaluationRequest(cellKey, staged, trained.checkpointKey(),
                r.fusionWeights(), r.dfVariant(), r.missingFractions(), 1234L));
        stage = "tracking";
        String runId = tracking.recordCell(new CellRecord(r.experimentId(), r.sweepId(), r.parentRunId(), cellKey,
                Workflow.getInfo().getWorkflowId(), r.cell().coordinates(), staged, r.trainerParams(), trained, metrics));
        stage = "done";
        return new CellOutcome(r.cell(), runId, metrics, trained.trainSeconds(), trained.resumedFromEpoch());
    }

    private static RetryOptions retries(int attempts) {
        return RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1)).setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofMinutes(1)).setMaximumAttempts(attempts)
                .setDoNotRetry(Failures.BAD_INPUT).build();
    }

    @Override
    public PipelineProgress progress() {
        return new PipelineProgress(cellKey, stage);
    }
}
