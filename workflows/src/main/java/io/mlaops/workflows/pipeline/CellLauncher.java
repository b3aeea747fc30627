package io.mlaops.workflows.pipeline;

import io.mlaops.activities.cells.ResolveRequest;
import io.mlaops.activities.cells.ResolvedCell;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.model.cell.CellIdentity;
import io.mlaops.workflows.common.ActivityStubs;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workflow code (deterministic) that gets a resolved cell trained exactly once, however many views
 * need it at the same time: it starts the cell's own workflow, {@code cell-<content id>}, as a
 * child. When that id is already running (another sweep or pipeline started it), the child cannot
 * be attached to, so this workflow subscribes to it by a signal and waits for the notice it sends
 * when it ends; a re-sent subscription every 10 s to 2 min notices a cell workflow that closed
 * without telling (it ended as the subscription arrived), and the store then says how it ended. A
 * cell that stopped (its owner was cancelled) or was scored another way is started again: it
 * resumes from its checkpoint, or only scores the finished model.
 */
public final class CellLauncher {
    /** Starts and joins before giving up (each join waits for a whole training). */
    static final int MAX_ROUNDS = 10;

    private final Map<String, CellNotice> notices;
    private final String self;

    /**
     * @param notices where the owning workflow's {@code cellFinished} signal handler puts notices,
     *     by cell id
     * @param self the owning workflow's id (the subscriber)
     */
    public CellLauncher(Map<String, CellNotice> notices, String self) {
        this.notices = notices;
        this.self = self;
    }

    /**
     * Blocks (call from a workflow thread, e.g. inside {@link Async#function}) until the cell is
     * trained and scored for {@code r}'s evaluation setting.
     *
     * @param r the request, resolved ({@link CellRequest#cellId()}, engine and staged data set)
     * @return the cell's outcome; {@code origin} {@code trained} when this call's child trained it
     * @throws ApplicationFailure when the cell failed (here, or in the workflow this one joined)
     */
    public CellOutcome ensure(CellRequest r) {
        String workflowId = CellIdentity.workflowId(r.cellId());
        for (int round = 0; round < MAX_ROUNDS; round++) {
            TrainingPipelineWorkflow child =
                    Workflow.newChildWorkflowStub(
                            TrainingPipelineWorkflow.class,
                            ChildWorkflowOptions.newBuilder()
                                    .setWorkflowId(workflowId)
                                    .setTaskQueue(TaskQueues.WORKFLOWS)
                                    .setCancellationType(
                                            ChildWorkflowCancellationType
                                                    .WAIT_CANCELLATION_COMPLETED)
                                    // a cell stopped or failed before is started again (resumes)
                                    .setWorkflowIdReusePolicy(
                                            WorkflowIdReusePolicy
                                                    .WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                                    .build());
            Promise<CellOutcome> result = Async.function(child::run, r);
            try {
                Workflow.getWorkflowExecution(child).get();
            } catch (ChildWorkflowFailure e) {
                if (!alreadyStarted(e)) {
                    throw e;
                }
                Optional<CellOutcome> joined = join(r, workflowId);
                if (joined.isPresent()) {
                    return joined.get();
                }
                continue; // it stopped, or scored another way: start it again
            }
            return result.get();
        }
        throw ApplicationFailure.newFailure(
                "cell "
                        + r.cell().key()
                        + " ("
                        + CellIdentity.shortId(r.cellId())
                        + ") was neither started nor joined after "
                        + MAX_ROUNDS
                        + " rounds",
                "CellNotStarted");
    }

    static boolean alreadyStarted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WorkflowExecutionAlreadyStarted) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits for the cell's running workflow (started by another view) to end.
     *
     * @return its outcome for this request, or empty when the cell must be started again
     */
    private Optional<CellOutcome> join(CellRequest r, String workflowId) {
        String key = r.evaluation().key();
        long waitSeconds = 10;
        while (true) {
            boolean open = true;
            try {
                Workflow.newUntypedExternalWorkflowStub(workflowId)
                        .signal(TrainingPipelineWorkflow.SIGNAL_SUBSCRIBE, self);
            } catch (CanceledFailure e) {
                throw e;
            } catch (SignalExternalWorkflowException | TemporalFailure e) {
                // NOT_FOUND: it closed (the store says how); anything else: look in the store too
                open = false;
            }
            if (open) {
                String id = r.cellId();
                if (!Workflow.await(
                        Duration.ofSeconds(waitSeconds), () -> notices.containsKey(id))) {
                    waitSeconds = Math.min(120, waitSeconds * 2);
                    continue;
                }
                CellNotice n = notices.remove(id);
                if (n.state().equals("FAILED")) {
                    throw ApplicationFailure.newNonRetryableFailure(
                            "cell " + r.cell().key() + " failed: " + n.message(), "CellFailed");
                }
                if (n.state().equals("FINISHED")
                        && n.outcome().isPresent()
                        && n.outcome().get().evaluationKey().equals(key)) {
                    return Optional.of(n.outcome().get().as(r.cell(), "reused"));
                }
                return Optional.empty();
            }
            ResolvedCell now =
                    ActivityStubs.cellStore()
                            .resolveCells(
                                    new ResolveRequest(
                                            List.of(r.cell()),
                                            Map.of(
                                                    r.cell().dataset(),
                                                    r.staged().orElseThrow().contentHash()),
                                            r.engine().orElseThrow(),
                                            r.evaluation(),
                                            null))
                            .get(0);
            return now.reusable() ? Optional.of(reused(r, now)) : Optional.empty();
        }
    }

    /**
     * @return the outcome of a finished cell taken from the store for request {@code r}
     */
    public static CellOutcome reused(CellRequest r, ResolvedCell c) {
        return new CellOutcome(
                r.cell(),
                c.runId(),
                c.metrics().orElseThrow(),
                c.checkpointKey(),
                0,
                0,
                Map.of(),
                c.id(),
                "reused",
                c.trainedFor(),
                c.experimentId(),
                r.evaluation().key());
    }
}
