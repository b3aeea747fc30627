package io.mlaops.infra.cli;

import io.mlaops.workflows.sweep.SweepProgress;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.failure.TemporalFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user watching a sweep needs to know, read from Temporal itself: how long it has run, how
 * long it will still take, and which step is being retried, at which attempt, after which error (an
 * activity that keeps failing must never look like quiet progress).
 */
final class SweepWatch {
    private final WorkflowClient client;
    private final String sweepId;

    SweepWatch(WorkflowClient client, String sweepId) {
        this.client = client;
        this.sweepId = sweepId;
    }

    /**
     * @return when the sweep's current run started, if Temporal knows the sweep
     */
    Optional<Instant> started() {
        return describe(sweepId)
                .map(
                        d -> {
                            var t = d.getWorkflowExecutionInfo().getStartTime();
                            return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
                        });
    }

    /**
     * @param p the sweep's progress
     * @return one line per activity being retried (attempt > 1), in the sweep and its running cells
     */
    List<String> retries(SweepProgress p) {
        List<String> out = new ArrayList<>();
        describe(sweepId)
                .ifPresent(
                        d ->
                                d.getPendingActivitiesList()
                                        .forEach(a -> retryLine("sweep", a).ifPresent(out::add)));
        List<String> cells = p.runningCells();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            describe(workflowOf(p, i))
                    .ifPresent(
                            d ->
                                    d.getPendingActivitiesList()
                                            .forEach(a -> retryLine(cell, a).ifPresent(out::add)));
        }
        return out;
    }

    /**
     * @return the workflow of the i-th running cell: {@code cell-<content id>}, or for a sweep from
     *     before the cell store {@code <sweep>.<cell key>}
     */
    private String workflowOf(SweepProgress p, int i) {
        return p.runningWorkflows().size() == p.runningCells().size()
                ? p.runningWorkflows().get(i)
                : sweepId + "." + p.runningCells().get(i);
    }

    /**
     * @return whether a training activity of a running cell has started (a worker holds it)
     */
    boolean training(SweepProgress p) {
        for (int i = 0; i < p.runningCells().size(); i++) {
            Optional<DescribeWorkflowExecutionResponse> d = describe(workflowOf(p, i));
            if (d.isPresent()
                    && d.get().getPendingActivitiesList().stream()
                            .anyMatch(
                                    a ->
                                            "Train".equals(a.getActivityType().getName())
                                                    && a.getState()
                                                            == io.temporal.api.enums.v1
                                                                    .PendingActivityState
                                                                    .PENDING_ACTIVITY_STATE_STARTED)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> retryLine(String where, PendingActivityInfo a) {
        String note = note(a);
        if (a.getAttempt() <= 1) {
            return note.isEmpty()
                    ? Optional.empty()
                    : Optional.of(
                            "  "
                                    + where
                                    + " "
                                    + a.getActivityType().getName()
                                    + ": "
                                    + oneLine(note));
        }
        String err = a.hasLastFailure() ? a.getLastFailure().getMessage() : "";
        return Optional.of(
                String.format(
                        Locale.ROOT,
                        "  retrying %s %s: attempt %d%s%s",
                        where,
                        a.getActivityType().getName(),
                        a.getAttempt(),
                        err.isEmpty() ? "" : ", last error: " + oneLine(err),
                        note.isEmpty() ? "" : "; " + oneLine(note)));
    }

    /**
     * @return the note a training heartbeats (a skipped corrupt checkpoint, a store refusing
     *     uploads), or empty
     */
    private static String note(PendingActivityInfo a) {
        if (!a.hasHeartbeatDetails() || !"Train".equals(a.getActivityType().getName())) {
            return "";
        }
        try {
            return io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE
                    .fromPayloads(
                            0,
                            Optional.of(a.getHeartbeatDetails()),
                            io.mlaops.activities.training.TrainingProgress.class,
                            io.mlaops.activities.training.TrainingProgress.class)
                    .note();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private Optional<DescribeWorkflowExecutionResponse> describe(String workflowId) {
        try {
            return Optional.of(
                    client.getWorkflowServiceStubs()
                            .blockingStub()
                            .describeWorkflowExecution(
                                    DescribeWorkflowExecutionRequest.newBuilder()
                                            .setNamespace(client.getOptions().getNamespace())
                                            .setExecution(
                                                    WorkflowExecution.newBuilder()
                                                            .setWorkflowId(workflowId))
                                            .build()));
        } catch (RuntimeException e) {
            return Optional.empty(); // finished and gone, or not started yet
        }
    }

    /**
     * @param p progress
     * @param elapsed seconds since the sweep's run started
     * @return e.g. {@code [running] cells 5/16 done (2 reused), 2 running, 0 failed, 1 cancelled,
     *     34 s elapsed, ETA 50 s}
     */
    static String progressLine(SweepProgress p, double elapsed) {
        if ("staging".equals(p.phase())) {
            return String.format(
                    Locale.ROOT, "[staging] staging the data sets, %.0f s elapsed", elapsed);
        }
        if ("resolving".equals(p.phase())) {
            return String.format(
                    Locale.ROOT,
                    "[resolving] naming the cells by their content and looking them up in the cell store, %.0f s elapsed",
                    elapsed);
        }
        String eta = "";
        int remaining = p.total() - p.done() - p.failed() - p.cancelledCells();
        int doneHere = p.done() - p.doneBefore();
        if (doneHere > 0 && remaining > 0 && !p.cancelled()) {
            eta = String.format(Locale.ROOT, ", ETA %.0f s", elapsed / doneHere * remaining);
        }
        return String.format(
                Locale.ROOT,
                "[%s] cells %d/%d done (%d reused), %d running, %d failed%s, %.0f s elapsed%s",
                p.phase(),
                p.done(),
                p.total(),
                p.reused(),
                p.running(),
                p.failed(),
                p.cancelledCells() > 0 ? ", " + p.cancelledCells() + " cancelled" : "",
                elapsed,
                eta);
    }

    /**
     * @return the root cause's message of a failed sweep, on one line
     */
    static String failureReason(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.ExecutionException
                        || t instanceof WorkflowException
                        || t instanceof TemporalFailure)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String m =
                t instanceof io.temporal.failure.ApplicationFailure af
                        ? af.getOriginalMessage()
                        : t.getMessage();
        return oneLine(m == null ? t.getClass().getSimpleName() : m);
    }

    static String oneLine(String s) {
        String l = s.replaceAll("\\s*\\n\\s*", " ").trim();
        return l.length() > 300 ? l.substring(0, 297) + "..." : l;
    }
}
