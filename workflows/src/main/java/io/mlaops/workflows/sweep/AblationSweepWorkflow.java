package io.mlaops.workflows.sweep;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A sweep over data sets, recipes and seeds: stage, fan out one pipeline per cell (bounded),
 * aggregate, log.
 */
@WorkflowInterface
public interface AblationSweepWorkflow {
    @WorkflowMethod
    SweepResult run(SweepRequest request);

    @QueryMethod
    SweepProgress progress();

    /**
     * Stops launching cells, cancels the running ones (they checkpoint) and returns what finished.
     */
    @SignalMethod
    void cancel();

    /**
     * A cell this sweep joined (another view was training it) ended.
     *
     * @param notice how it ended
     */
    @SignalMethod(name = io.mlaops.workflows.pipeline.TrainingPipelineWorkflow.SIGNAL_FINISHED)
    void cellFinished(io.mlaops.workflows.pipeline.CellNotice notice);
}
