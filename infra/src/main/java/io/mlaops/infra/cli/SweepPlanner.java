package io.mlaops.infra.cli;

import io.mlaops.activities.cells.CellPlan;
import io.mlaops.activities.cells.CellState;
import io.mlaops.activities.cells.ResolvedCell;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.infra.services.Stack;
import io.mlaops.model.cell.CellIdentity;
import io.mlaops.model.data.kinds.DatasetContext;
import io.mlaops.model.data.kinds.DatasetKinds;
import io.mlaops.workflows.sweep.SweepPlan;
import io.mlaops.workflows.sweep.SweepPlanRequest;
import io.mlaops.workflows.sweep.SweepPlanWorkflow;
import io.mlaops.workflows.sweep.SweepSpec;
import io.temporal.client.WorkflowOptions;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code mla sweep --spec S --plan}: asks the workers (a short {@link SweepPlanWorkflow} that
 * builds, stages and trains nothing) what the sweep would do with each cell, and prints it.
 */
final class SweepPlanner {
    private SweepPlanner() {}

    static int print(Stack stack, SweepSpec spec, String sweepId, PrintStream out)
            throws Exception {
        DatasetKinds kinds = DatasetKinds.builtIn();
        DatasetContext ctx = DatasetContext.of(CliEnvironment.home());
        Map<String, List<String>> modalities = new LinkedHashMap<>();
        for (DatasetSource d : spec.datasets()) {
            modalities.put(d.name(), kinds.get(d.kind()).check(d.options(), ctx));
        }
        SweepPlanWorkflow wf =
                stack.workflowClient()
                        .newWorkflowStub(
                                SweepPlanWorkflow.class,
                                WorkflowOptions.newBuilder()
                                        .setTaskQueue(TaskQueues.WORKFLOWS)
                                        .setWorkflowId(
                                                sweepId + "-plan-" + System.currentTimeMillis())
                                        .setWorkflowExecutionTimeout(
                                                java.time.Duration.ofMinutes(2))
                                        .build());
        SweepPlan plan;
        try {
            plan = wf.plan(new SweepPlanRequest(spec, modalities));
        } catch (io.temporal.client.WorkflowFailedException e) {
            if (e.getCause() instanceof io.temporal.failure.TimeoutFailure) {
                throw new IllegalStateException(
                        "--plan: no worker answered within 2 min (the plan asks the training workers which engine they run): start the stack with ./mla dev up, or a worker with ./mla worker");
            }
            throw new IllegalStateException("--plan failed: " + SweepWatch.failureReason(e), e);
        }
        render(plan, spec, sweepId, out);
        return 0;
    }

    /** What a cell would do, in a word or three. */
    static String action(ResolvedCell c) {
        if (c.id().isEmpty()) {
            return "train (data not staged)";
        }
        if (c.reusable()) {
            return "reuse";
        }
        return switch (c.state()) {
            case FINISHED -> "evaluate only";
            case STOPPED, FAILED -> "resume from epoch " + c.epoch();
            case TRAINING -> "train (or join)";
            default -> "train";
        };
    }

    static void render(SweepPlan plan, SweepSpec spec, String sweepId, PrintStream out) {
        CellPlan p = plan.cells();
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> from = new TreeMap<>();
        double seconds = 0;
        int unknown = 0;
        for (int i = 0; i < p.cells().size(); i++) {
            ResolvedCell c = p.cells().get(i);
            String a = action(c);
            counts.merge(a.startsWith("resume") ? "resume" : a, 1, Integer::sum);
            if (c.reusable()) {
                from.merge(c.trainedFor().isEmpty() ? "?" : c.trainedFor(), 1, Integer::sum);
            }
            double e = p.estimates().get(i);
            if (Double.isNaN(e)) {
                unknown += c.reusable() ? 0 : 1;
            } else {
                seconds += e;
            }
        }
        out.printf(
                Locale.ROOT,
                "Plan of sweep %s: %d cells, engine %s%n",
                sweepId,
                p.cells().size(),
                plan.engine());
        counts.forEach((a, n) -> out.printf(Locale.ROOT, "  %-26s %4d%n", a, n));
        from.forEach((s, n) -> out.printf(Locale.ROOT, "    reused from %s: %d%n", s, n));
        if (!plan.unstaged().isEmpty()) {
            out.println(
                    "  data sets not staged yet (their cells train): "
                            + String.join(", ", plan.unstaged()));
        }
        out.printf(
                Locale.ROOT,
                "  estimated training: %.0f s%s, about %.0f s wall at max_parallel %d with as many training slots%n",
                seconds,
                unknown > 0 ? " + " + unknown + " cell(s) with no recorded time to go by" : "",
                seconds / Math.max(1, spec.maxParallel()),
                spec.maxParallel());
        out.printf(
                Locale.ROOT, "%n%-36s %-12s %-24s %s%n", "cell", "id", "action", "from / estimate");
        for (int i = 0; i < p.cells().size(); i++) {
            ResolvedCell c = p.cells().get(i);
            double e = p.estimates().get(i);
            String detail =
                    c.reusable()
                            ? c.trainedFor()
                            : (Double.isNaN(e)
                                    ? p.basis().get(i)
                                    : String.format(
                                            Locale.ROOT, "%.0f s (%s)", e, p.basis().get(i)));
            out.printf(
                    Locale.ROOT,
                    "%-36s %-12s %-24s %s%n",
                    c.cell().key(),
                    c.id().isEmpty() ? "-" : CellIdentity.shortId(c.id()),
                    action(c),
                    detail);
        }
        if (p.cells().stream().anyMatch(c -> c.state() == CellState.TRAINING)) {
            out.println(
                    "(train or join: a workflow was training that cell when the store was read; a sweep joins it)");
        }
    }
}
