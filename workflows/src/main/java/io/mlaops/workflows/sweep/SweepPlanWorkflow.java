package io.mlaops.workflows.sweep;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * What a sweep would do, before anything starts ({@code mla sweep --plan}): which cells the store
 * has (and from which sweep), which would train or resume, and how long that should take from the
 * store's recorded training times. Builds, stages and trains nothing.
 */
@WorkflowInterface
public interface SweepPlanWorkflow {
    @WorkflowMethod
    SweepPlan plan(SweepPlanRequest request);
}
