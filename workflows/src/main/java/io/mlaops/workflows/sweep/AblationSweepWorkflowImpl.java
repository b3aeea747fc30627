package io.mlaops.workflows.sweep;

import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.activities.staging.StagingActivities;
import io.mlaops.activities.tracking.AblationTable;
import io.mlaops.activities.tracking.SweepRun;
import io.mlaops.activities.tracking.SweepRunRequest;
import io.mlaops.activities.tracking.TrackingActivities;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.workflows.common.ActivityStubs;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.pipeline.CellRequest;
import io.mlaops.workflows.pipeline.TrainingPipelineWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stages each data set once, opens the parent run, skips cells whose runs already finished, runs
 * the rest as child {@link TrainingPipelineWorkflow}s (ids derived from the cell, at most {@code
 * maxParallel} in flight), continues as new after {@code maxCellsPerRun} cells, then aggregates and
 * logs the ablation table.
 */
public final class AblationSweepWorkflowImpl implements AblationSweepWorkflow {
    private final Map<String, CellOutcome> done = new TreeMap<>();
    private final Map<String, String> failures = new TreeMap<>();
    private final TreeSet<String> cancelledCells = new TreeSet<>();
    private String lastFailure = "";
    private final TreeSet<String> runningCells = new TreeSet<>();
    private int total;
    private int reused;
    private boolean cancelled;
    private boolean continueAsNew;
    private String phase = "staging";
    private String parentUrl = "";
    private double trainedSeconds;
    private int doneBefore;
    private CancellationScope launches;

    @Override
    public SweepResult run(SweepRequest request) {
        SweepSpec spec = request.spec();
        request.done().forEach(o -> done.put(o.cell().key(), o));
        StagingActivities staging = ActivityStubs.staging();
        TrackingActivities tracking = ActivityStubs.tracking();

        Map<String, StagedDataset> staged = new LinkedHashMap<>();
        for (DatasetSource d : spec.datasets()) {
            staged.put(d.name(), staging.stage(d));
        }
        SweepRun parent =
                tracking.openSweep(
                        new SweepRunRequest(
                                spec.name(),
                                request.sweepId(),
                                Workflow.getInfo().getWorkflowId(),
                                specParams(spec)));
        parentUrl = parent.url();
        Map<String, CellMetrics> finished =
                tracking.finishedCells(parent.experimentId(), request.sweepId());
        List<CellSpec> cells = spec.cellsOf(staged);
        total = cells.size();
        List<CellSpec> pending = new ArrayList<>();
        for (CellSpec c : cells) {
            if (done.containsKey(c.key())) {
                continue;
            }
            CellMetrics m = finished.get(c.key());
            if (m != null) {
                done.put(
                        c.key(),
                        new CellOutcome(
                                c, "", m, "", 0, 0)); // finished in an earlier sweep: not retrained
                reused++;
            } else {
                pending.add(c);
            }
        }

        doneBefore = done.size();
        phase = "running";
        launches =
                Workflow.newCancellationScope(() -> launch(request, spec, parent, staged, pending));
        try {
            launches.run();
        } catch (CanceledFailure e) {
            // cancel signal: in-flight children are being cancelled; wait for them below
        }
        Workflow.await(runningCells::isEmpty);
        if (continueAsNew && !cancelled) {
            Workflow.continueAsNew(
                    new SweepRequest(
                            spec,
                            request.sweepId(),
                            List.copyOf(done.values()),
                            request.maxCellsPerRun()));
        }

        phase = "aggregating";
        Map<CellSpec, CellMetrics> results = new LinkedHashMap<>();
        double trainSeconds = 0;
        int trained = 0;
        for (CellOutcome o : done.values()) {
            results.put(o.cell(), o.metrics());
            trainSeconds += o.trainSeconds();
            if (!o.runId().isEmpty()) {
                trained++;
            }
        }
        AblationTable table = AblationAggregator.table(request.sweepId(), results);
        if (cancelled) {
            // the parent run gets no table: it ends as KILLED, not RUNNING forever
            tracking.endSweep(
                    parent.runId(),
                    "KILLED",
                    "cancelled by a user: "
                            + done.size()
                            + " of "
                            + total
                            + " cells done, "
                            + cancelledCells.size()
                            + " cancelled");
        } else if (!failures.isEmpty()) {
            Map.Entry<String, String> first = failures.entrySet().iterator().next();
            tracking.endSweep(
                    parent.runId(),
                    "FAILED",
                    failures.size()
                            + " of "
                            + total
                            + " cells failed; first: "
                            + first.getKey()
                            + ": "
                            + first.getValue());
        } else {
            tracking.recordSweep(parent.runId(), table);
        }
        phase = cancelled ? "cancelled" : failures.isEmpty() ? "done" : "failed";
        return new SweepResult(
                request.sweepId(),
                table,
                parent.runId(),
                parent.url(),
                trained,
                reused,
                failures,
                cancelled,
                trainSeconds,
                List.copyOf(done.values()),
                List.copyOf(cancelledCells));
    }

    private void launch(
            SweepRequest request,
            SweepSpec spec,
            SweepRun parent,
            Map<String, StagedDataset> staged,
            List<CellSpec> pending) {
        int launched = 0;
        for (CellSpec cell : pending) {
            Workflow.await(() -> runningCells.size() < spec.maxParallel() || cancelled);
            if (cancelled) {
                return;
            }
            if (launched >= request.maxCellsPerRun()) {
                continueAsNew = true; // the rest runs in a fresh history
                return;
            }
            launched++;
            String key = cell.key();
            // child id from the cell: the same sweep never runs a cell twice at once
            TrainingPipelineWorkflow child =
                    Workflow.newChildWorkflowStub(
                            TrainingPipelineWorkflow.class,
                            ChildWorkflowOptions.newBuilder()
                                    .setWorkflowId(request.sweepId() + "." + key)
                                    .setTaskQueue(TaskQueues.WORKFLOWS)
                                    .setCancellationType(
                                            ChildWorkflowCancellationType
                                                    .WAIT_CANCELLATION_COMPLETED)
                                    .setWorkflowIdReusePolicy(
                                            WorkflowIdReusePolicy
                                                    .WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                                    .build());
            CellRequest r =
                    new CellRequest(
                            request.sweepId(),
                            parent.experimentId(),
                            parent.runId(),
                            "",
                            cell,
                            source(spec, cell.dataset()),
                            Optional.of(staged.get(cell.dataset())),
                            spec.dfVariant(),
                            spec.fusionWeights(),
                            spec.missingFractions(),
                            spec.heartbeatSeconds());
            runningCells.add(key);
            Promise<CellOutcome> p = Async.function(child::run, r);
            p.handle(
                    (outcome, error) -> {
                        runningCells.remove(key);
                        if (error == null) {
                            done.put(key, outcome);
                            trainedSeconds += outcome.trainSeconds();
                        } else if (cancelled && isCancellation(error)) {
                            cancelledCells.add(
                                    key); // stopped by the user's cancel: checkpointed, not failed
                        } else {
                            failures.put(key, rootMessage(error));
                            lastFailure = key + ": " + rootMessage(error);
                        }
                        return null;
                    });
        }
    }

    private static DatasetSource source(SweepSpec spec, String name) {
        for (DatasetSource d : spec.datasets()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new IllegalStateException("no data set " + name);
    }

    private static boolean isCancellation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CanceledFailure) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t instanceof TemporalFailure) {
            t = t.getCause();
        }
        // an application failure's own message, without Temporal's type and retry metadata
        String m =
                t instanceof io.temporal.failure.ApplicationFailure af
                        ? af.getOriginalMessage()
                        : t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    static Map<String, String> specParams(SweepSpec spec) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sweep_name", spec.name());
        List<String> ds = new ArrayList<>();
        for (DatasetSource d : spec.datasets()) {
            ds.add(d.name() + "=" + d.kind() + new TreeMap<>(d.options()));
        }
        p.put("datasets", String.join(";", ds));
        List<String> recipes = new ArrayList<>();
        for (RecipeChoice c : spec.recipes()) {
            recipes.add(
                    c.variants().equals(List.of(""))
                            ? c.recipe()
                            : c.recipe() + "=" + String.join("|", c.variants()));
        }
        p.put("methods", String.join(",", recipes));
        p.put("seeds", spec.seeds().toString());
        p.put("max_parallel", Integer.toString(spec.maxParallel()));
        p.put("df_variant", spec.dfVariant());
        p.put("missing_fractions", spec.missingFractions().toString());
        spec.trainer().toParams().forEach((k, v) -> p.put("trainer." + k, v));
        new TreeMap<>(spec.options()).forEach((k, v) -> p.put("trainer." + k, v));
        return p;
    }

    @Override
    public SweepProgress progress() {
        return new SweepProgress(
                total,
                done.size(),
                runningCells.size(),
                failures.size(),
                reused,
                cancelled,
                phase,
                List.copyOf(runningCells),
                parentUrl,
                cancelledCells.size(),
                trainedSeconds,
                lastFailure,
                doneBefore);
    }

    @Override
    public void cancel() {
        cancelled = true;
        if (launches != null) {
            launches.cancel();
        }
    }
}
