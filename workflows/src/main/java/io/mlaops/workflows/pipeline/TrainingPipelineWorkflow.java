package io.mlaops.workflows.pipeline;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One cell: stage -> train -> evaluate -> track. */
@WorkflowInterface
public interface TrainingPipelineWorkflow {
    @WorkflowMethod
    CellOutcome run(CellRequest request);

    /**
     * @return which step the cell is in
     */
    @QueryMethod
    PipelineProgress progress();
}
