package io.mlaops.workflows.pipeline;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationRequest;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.activities.tracking.CellRecord;
import io.mlaops.activities.training.TrainingRequest;
import io.mlaops.activities.training.TrainingResult;
import io.mlaops.workflows.common.ActivityStubs;
import io.temporal.workflow.Workflow;

/** Deterministic orchestration of one cell; every side effect is an activity (options from {@link ActivityStubs}). */
public final class TrainingPipelineWorkflowImpl implements TrainingPipelineWorkflow {
    private String stage = "starting";
    private String cellKey = "";

    @Override
    public CellOutcome run(CellRequest r) {
        cellKey = r.cell().key();
        stage = "staging";
        StagedDataset staged = r.staged().isPresent() ? r.staged().get() : ActivityStubs.staging().stage(r.source());
        stage = "training";
        String workflowId = Workflow.getInfo().getWorkflowId();
        TrainingResult trained = ActivityStubs.training(r.heartbeatSeconds()).train(new TrainingRequest(workflowId, staged, r.cell()));
        stage = "evaluating";
        CellMetrics metrics = ActivityStubs.evaluation().evaluate(new EvaluationRequest(cellKey, staged, trained.checkpointKey(),
                r.fusionWeights(), r.dfVariant(), r.missingFractions(), 1234L));
        stage = "tracking";
        String runId = ActivityStubs.tracking().recordCell(new CellRecord(r.experimentId(), r.sweepId(), r.parentRunId(),
                r.runName(), workflowId, r.cell(), staged, trained, metrics));
        stage = "done";
        return new CellOutcome(r.cell(), runId, metrics, trained.checkpointKey(), trained.trainSeconds(), trained.resumedFromEpoch());
    }

    @Override
    public PipelineProgress progress() {
        return new PipelineProgress(cellKey, stage);
    }
}
