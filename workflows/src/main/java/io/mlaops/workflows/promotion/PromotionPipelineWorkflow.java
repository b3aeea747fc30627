package io.mlaops.workflows.promotion;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The scheduled pipeline: stage, then the training pipeline as a child (train, evaluate, track),
 * then promote only if better.
 */
@WorkflowInterface
public interface PromotionPipelineWorkflow {
    @WorkflowMethod
    PipelineOutcome run(PipelineSpec spec);
}
