package io.mlaops.workflows.sweep;

import io.mlaops.activities.cells.CellUse;
import io.mlaops.activities.cells.ResolveRequest;
import io.mlaops.activities.cells.ResolvedCell;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.activities.staging.StagingActivities;
import io.mlaops.activities.tracking.AblationTable;
import io.mlaops.activities.tracking.SweepCell;
import io.mlaops.activities.tracking.SweepRun;
import io.mlaops.activities.tracking.SweepRunRequest;
import io.mlaops.activities.tracking.TrackingActivities;
import io.mlaops.model.cell.CellIdentity;
import io.mlaops.model.cell.EngineIdentity;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.workflows.common.ActivityStubs;
import io.mlaops.workflows.pipeline.CellLauncher;
import io.mlaops.workflows.pipeline.CellNotice;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.pipeline.CellRequest;
import io.mlaops.workflows.pipeline.TrainingPipelineWorkflow;
import io.mlaops.workflows.pipeline.TrainingPipelineWorkflowImpl;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stages each data set once, opens the parent run, names every cell of the grid by its content
 * (change {@link #CELL_STORE}), takes the cells the store has finished (from any earlier sweep,
 * pipeline or run), runs the rest through their own workflows ({@code cell-<content id>}, at most
 * {@code maxParallel} in flight; a cell another sweep is training is joined, not trained again),
 * continues as new after {@code maxCellsPerRun} cells, then aggregates and logs the ablation table
 * with the list of cells it used. Histories from before the cell store run the earlier code
 * (children {@code <sweep>.<cell key>}, finished cells looked up by sweep in the tracker).
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
    private final Map<String, String> ids = new TreeMap<>();
    private final Map<String, String> runningWorkflows = new TreeMap<>();
    private final Map<String, CellNotice> notices = new HashMap<>();

    /** Change id of the cell store: cells known by their content, trained once, shared. */
    static final String CELL_STORE = "cell-store";

    @Override
    public SweepResult run(SweepRequest request) {
        int v = Workflow.getVersion(CELL_STORE, Workflow.DEFAULT_VERSION, 1);
        if (v == Workflow.DEFAULT_VERSION) {
            return runBeforeCellStore(request);
        }
        return runOnCells(request);
    }

    /**
     * The sweep as a view of cells: each cell is named by its content and taken from the store when
     * finished (scored the way this sweep scores), else trained once by its own workflow, which
     * another sweep needing it at the same time joins instead of training it again.
     */
    private SweepResult runOnCells(SweepRequest request) {
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
        phase = "resolving";
        EngineIdentity engine = ActivityStubs.engine().trainingEngine();
        EvaluationSettings scoring =
                new EvaluationSettings(
                        spec.fusionWeights(),
                        spec.dfVariant(),
                        spec.missingFractions(),
                        TrainingPipelineWorkflowImpl.MISSING_SEED);
        Map<String, String> hashes = new LinkedHashMap<>();
        staged.forEach((k, d) -> hashes.put(k, d.contentHash()));
        List<ResolvedCell> resolved =
                ActivityStubs.cellStore()
                        .resolveCells(
                                new ResolveRequest(
                                        spec.cellsOf(staged),
                                        hashes,
                                        engine,
                                        scoring,
                                        new CellUse(
                                                request.sweepId(),
                                                "sweep",
                                                parent.experimentId(),
                                                parent.runId())));
        total = resolved.size();
        List<CellRequest> pending = new ArrayList<>();
        for (ResolvedCell c : resolved) {
            ids.put(c.cell().key(), c.id());
            CellRequest r =
                    request(request, spec, parent, c.cell())
                            .forCell(c.id(), engine, staged.get(c.cell().dataset()));
            if (done.containsKey(c.cell().key())) {
                continue;
            }
            if (c.reusable()) {
                done.put(c.cell().key(), CellLauncher.reused(r, c)); // not trained again
                reused++;
            } else {
                pending.add(r);
            }
        }
        doneBefore = done.size();
        phase = "running";
        launches = Workflow.newCancellationScope(() -> launchCells(request, spec, pending));
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
        return finish(request, parent, tracking, true);
    }

    /** The sweep as it ran before the cell store: recorded histories replay this. */
    private SweepResult runBeforeCellStore(SweepRequest request) {
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
        endParent(parent, tracking, table);
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
            settle(key, Async.function(child::run, r));
        }
    }

    /** When a running cell ends: done, cancelled (checkpointed) or failed. */
    private void settle(String key, Promise<CellOutcome> p) {
        p.handle(
                (outcome, error) -> {
                    runningCells.remove(key);
                    runningWorkflows.remove(key);
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

    /** Aggregates what is done and ends the parent run (table, or why there is none). */
    private SweepResult finish(
            SweepRequest request, SweepRun parent, TrackingActivities tracking, boolean view) {
        phase = "aggregating";
        Map<CellSpec, CellMetrics> results = new LinkedHashMap<>();
        List<SweepCell> cells = new ArrayList<>();
        double trainSeconds = 0;
        int trained = 0;
        for (CellOutcome o : done.values()) {
            results.put(o.cell(), o.metrics());
            trainSeconds += o.trainSeconds();
            if (o.origin().equals("trained")) {
                trained++;
            }
            cells.add(
                    new SweepCell(
                            o.cellId(),
                            o.cell().key(),
                            o.cell().label(),
                            o.origin(),
                            o.trainedFor(),
                            o.experimentId(),
                            o.runId(),
                            "",
                            o.trainSeconds()));
        }
        AblationTable table =
                AblationAggregator.table(request.sweepId(), results, ids).withCells(cells);
        endParent(parent, tracking, table);
        phase = cancelled ? "cancelled" : failures.isEmpty() ? "done" : "failed";
        return new SweepResult(
                request.sweepId(),
                table,
                parent.runId(),
                parent.url(),
                trained,
                done.size() - trained,
                failures,
                cancelled,
                trainSeconds,
                List.copyOf(done.values()),
                List.copyOf(cancelledCells));
    }

    private void endParent(SweepRun parent, TrackingActivities tracking, AblationTable table) {
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
    }

    private CellRequest request(
            SweepRequest request, SweepSpec spec, SweepRun parent, CellSpec cell) {
        return new CellRequest(
                request.sweepId(),
                parent.experimentId(),
                parent.runId(),
                "",
                cell,
                source(spec, cell.dataset()),
                Optional.empty(),
                spec.dfVariant(),
                spec.fusionWeights(),
                spec.missingFractions(),
                spec.heartbeatSeconds());
    }

    /**
     * Launches the pending cells, at most {@code maxParallel} in flight; a cell needed twice in
     * this sweep (the same content under two data set names) is run once.
     */
    private void launchCells(SweepRequest request, SweepSpec spec, List<CellRequest> pending) {
        CellLauncher launcher = new CellLauncher(notices, Workflow.getInfo().getWorkflowId());
        Map<String, Promise<CellOutcome>> byId = new HashMap<>();
        int launched = 0;
        for (CellRequest r : pending) {
            Workflow.await(() -> runningCells.size() < spec.maxParallel() || cancelled);
            if (cancelled) {
                return;
            }
            if (launched >= request.maxCellsPerRun()) {
                continueAsNew = true; // the rest runs in a fresh history
                return;
            }
            launched++;
            String key = r.cell().key();
            String workflow = CellIdentity.workflowId(r.cellId());
            Promise<CellOutcome> shared = byId.get(r.cellId());
            Promise<CellOutcome> p =
                    shared != null
                            ? shared.thenApply(o -> o.as(r.cell(), "reused"))
                            : Async.function(launcher::ensure, r);
            byId.putIfAbsent(r.cellId(), p);
            runningCells.add(key);
            runningWorkflows.put(key, workflow);
            settle(key, p.thenApply(o -> o.as(r.cell(), o.origin())));
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
                doneBefore,
                List.copyOf(runningWorkflows.values()));
    }

    @Override
    public void cellFinished(CellNotice notice) {
        notices.put(notice.cellId(), notice);
    }

    @Override
    public void cancel() {
        cancelled = true;
        if (launches != null) {
            launches.cancel();
        }
    }
}
