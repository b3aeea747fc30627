package io.mlaops.workflows.pipeline;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One cell: stage -> train -> evaluate -> track. Run as {@code cell-<content id>} it is the cell's
 * own workflow (one at a time per content: two sweeps needing the cell share it); run under another
 * id without a content id in its request it resolves the cell and runs or joins that workflow.
 */
@WorkflowInterface
public interface TrainingPipelineWorkflow {
    @WorkflowMethod
    CellOutcome run(CellRequest request);

    /**
     * @return which step the cell is in
     */
    @QueryMethod
    PipelineProgress progress();

    /**
     * Another workflow waits for this cell: it is told how the cell ended ({@link
     * #SIGNAL_FINISHED}).
     *
     * @param workflowId the waiting workflow's id
     */
    @SignalMethod(name = SIGNAL_SUBSCRIBE)
    void subscribe(String workflowId);

    /** A cell this pipeline joined ended (see {@link #subscribe}). */
    @SignalMethod(name = SIGNAL_FINISHED)
    void cellFinished(CellNotice notice);

    /** Name of the signal a waiting workflow sends to a cell's workflow. */
    String SIGNAL_SUBSCRIBE = "subscribe";

    /** Name of the signal a cell's workflow sends to the workflows waiting for it. */
    String SIGNAL_FINISHED = "cellFinished";
}
