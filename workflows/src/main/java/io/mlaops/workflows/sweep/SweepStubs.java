package io.mlaops.workflows.sweep;

import io.mlaops.activities.common.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

/**
 * The one place a client addresses a sweep: every caller (CLI, benchmark, tests) starts sweeps on
 * the same task queue with the same id policy.
 */
public final class SweepStubs {
    private SweepStubs() {}

    /**
     * A stub that starts sweep {@code sweepId} on {@link TaskQueues#WORKFLOWS}. A finished sweep
     * may run again under its id: it then trains only the cells without a finished run.
     *
     * @param client a connected workflow client
     * @param sweepId the sweep's workflow id (from {@code SweepSpecParser.sweepId} or the user)
     * @return a typed stub; call {@code run} on it (blocking) or pass {@code wf::run} to {@link
     *     WorkflowClient#start}
     */
    public static AblationSweepWorkflow toStart(WorkflowClient client, String sweepId) {
        return client.newWorkflowStub(
                AblationSweepWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .setWorkflowId(sweepId)
                        .setWorkflowIdReusePolicy(
                                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                        .build());
    }

    /**
     * @return a stub bound to the latest run of sweep {@code sweepId}, for queries and signals
     */
    public static AblationSweepWorkflow running(WorkflowClient client, String sweepId) {
        return client.newWorkflowStub(AblationSweepWorkflow.class, sweepId);
    }
}
