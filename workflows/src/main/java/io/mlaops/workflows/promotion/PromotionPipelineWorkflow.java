package io.mlaops.workflows.promotion;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The scheduled pipeline: stage -> train -> evaluate -> track -> promote only if better. */
@WorkflowInterface
public interface PromotionPipelineWorkflow {
    @WorkflowMethod
    PipelineOutcome run(PipelineSpec spec);
}
