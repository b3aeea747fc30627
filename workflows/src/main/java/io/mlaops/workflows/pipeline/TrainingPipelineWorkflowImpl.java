package io.mlaops.workflows.pipeline;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationRequest;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.activities.tracking.CellRecord;
import io.mlaops.activities.training.TrainingRequest;
import io.mlaops.activities.training.TrainingResult;
import io.mlaops.workflows.common.ActivityStubs;
import io.temporal.workflow.Workflow;
import java.util.Optional;

/**
 * Deterministic orchestration of one cell; every side effect is an activity (options from {@link
 * ActivityStubs}).
 */
public final class TrainingPipelineWorkflowImpl implements TrainingPipelineWorkflow {
    /** Change id of the fused training and evaluation (see {@link Workflow#getVersion}). */
    static final String FUSED_EVALUATION = "fused-evaluation";

    /** Seed choosing the test samples of the missing-modality grid: the same for every cell. */
    static final long MISSING_SEED = 1234L;

    private String stage = "starting";
    private String cellKey = "";

    @Override
    public CellOutcome run(CellRequest r) {
        cellKey = r.cell().key();
        stage = "staging";
        StagedDataset staged =
                r.staged().isPresent()
                        ? r.staged().get()
                        : ActivityStubs.staging().stage(r.source());
        stage = "training";
        String workflowId = Workflow.getInfo().getWorkflowId();
        // version 1: the training activity also scores the model it holds in memory (one activity,
        // one data load, no checkpoint download); histories from before replay the two activities.
        // A worker of an older build ignores the scoring settings and returns no metrics (a rolling
        // upgrade of the GPU pool): the evaluation activity then scores the final checkpoint.
        int v = Workflow.getVersion(FUSED_EVALUATION, Workflow.DEFAULT_VERSION, 1);
        Optional<EvaluationSettings> scoring =
                v == 1
                        ? Optional.of(
                                new EvaluationSettings(
                                        r.fusionWeights(),
                                        r.dfVariant(),
                                        r.missingFractions(),
                                        MISSING_SEED))
                        : Optional.empty();
        TrainingResult trained =
                ActivityStubs.training(r.heartbeatSeconds())
                        .train(new TrainingRequest(workflowId, staged, r.cell(), scoring));
        CellMetrics metrics;
        if (trained.metrics().isPresent()) {
            metrics = trained.metrics().get();
        } else {
            stage = "evaluating";
            metrics =
                    ActivityStubs.evaluation()
                            .evaluate(
                                    new EvaluationRequest(
                                            cellKey,
                                            staged,
                                            trained.checkpointKey(),
                                            r.fusionWeights(),
                                            r.dfVariant(),
                                            r.missingFractions(),
                                            MISSING_SEED));
        }
        stage = "tracking";
        long tracking = Workflow.currentTimeMillis();
        String runId =
                ActivityStubs.tracking()
                        .recordCell(
                                new CellRecord(
                                        r.experimentId(),
                                        r.sweepId(),
                                        r.parentRunId(),
                                        r.runName(),
                                        workflowId,
                                        r.cell(),
                                        staged,
                                        trained,
                                        metrics));
        java.util.Map<String, Double> timings = new java.util.LinkedHashMap<>(trained.timings());
        timings.put("tracking", (Workflow.currentTimeMillis() - tracking) / 1e3);
        stage = "done";
        return new CellOutcome(
                r.cell(),
                runId,
                metrics,
                trained.checkpointKey(),
                trained.trainSeconds(),
                trained.resumedFromEpoch(),
                timings);
    }

    @Override
    public PipelineProgress progress() {
        return new PipelineProgress(cellKey, stage);
    }
}
