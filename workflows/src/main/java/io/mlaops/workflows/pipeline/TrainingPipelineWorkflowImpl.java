package io.mlaops.workflows.pipeline;

import io.mlaops.activities.cells.CellFinish;
import io.mlaops.activities.cells.CellStart;
import io.mlaops.activities.cells.CellState;
import io.mlaops.activities.cells.CellStoreActivities;
import io.mlaops.activities.cells.CellUse;
import io.mlaops.activities.cells.ResolveRequest;
import io.mlaops.activities.cells.ResolvedCell;
import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationRequest;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.activities.tracking.CellRecord;
import io.mlaops.activities.training.TrainingRequest;
import io.mlaops.activities.training.TrainingResult;
import io.mlaops.model.cell.EngineIdentity;
import io.mlaops.workflows.common.ActivityStubs;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deterministic orchestration of one cell; every side effect is an activity (options from {@link
 * ActivityStubs}).
 *
 * <p>Since the cell store (change {@link #CELL_STORE}) a pipeline has two roles. Run as {@code
 * cell-<content id>} with the id in its request it is the cell's own workflow: it trains the cell
 * (resuming from the cell's newest checkpoint), scores it, logs its run, records it in the store
 * and tells the workflows that joined it; a cell already finished is only scored, or returned as it
 * is. Run under any other id (a single run, a scheduled pipeline) it resolves the cell's content
 * id, takes a finished cell from the store, or runs or joins the cell's workflow through {@link
 * CellLauncher}. Histories from before run the earlier code unchanged.
 */
public final class TrainingPipelineWorkflowImpl implements TrainingPipelineWorkflow {
    /** Change id of the fused training and evaluation (see {@link Workflow#getVersion}). */
    static final String FUSED_EVALUATION = "fused-evaluation";

    /** Change id of the cell store: cells known by their content, trained once. */
    static final String CELL_STORE = "cell-store";

    /** Seed choosing the test samples of the missing-modality grid: the same for every cell. */
    public static final long MISSING_SEED = 1234L;

    private String stage = "starting";
    private String cellKey = "";
    private final Set<String> subscribers = new LinkedHashSet<>();
    private final Map<String, CellNotice> notices = new HashMap<>();

    @Override
    public CellOutcome run(CellRequest r) {
        cellKey = r.cell().key();
        int v = Workflow.getVersion(CELL_STORE, Workflow.DEFAULT_VERSION, 1);
        if (v == Workflow.DEFAULT_VERSION) {
            return runBeforeCellStore(r);
        }
        stage = "staging";
        StagedDataset staged =
                r.staged().isPresent()
                        ? r.staged().get()
                        : ActivityStubs.staging().stage(r.source());
        if (r.cellId().isEmpty()) {
            return resolveAndEnsure(r, staged);
        }
        return trainCell(r, staged);
    }

    /**
     * A single run or a scheduled pipeline: name the cell by its content, then take it from the
     * store or run (or join) its workflow.
     */
    private CellOutcome resolveAndEnsure(CellRequest r, StagedDataset staged) {
        stage = "resolving";
        String self = Workflow.getInfo().getWorkflowId();
        EngineIdentity engine = ActivityStubs.engine().trainingEngine();
        ResolvedCell c =
                ActivityStubs.cellStore()
                        .resolveCells(
                                new ResolveRequest(
                                        List.of(r.cell()),
                                        Map.of(r.cell().dataset(), staged.contentHash()),
                                        engine,
                                        r.evaluation(),
                                        new CellUse(self, "pipeline", r.experimentId(), "")))
                        .get(0);
        if (c.reusable()) {
            stage = "done";
            return CellLauncher.reused(r, c);
        }
        stage = "training";
        CellOutcome o = new CellLauncher(notices, self).ensure(r.forCell(c.id(), engine, staged));
        stage = "done";
        return o;
    }

    /** The cell's own workflow ({@code cell-<id>}): train once, score, log, record, tell. */
    private CellOutcome trainCell(CellRequest r, StagedDataset staged) {
        String workflowId = Workflow.getInfo().getWorkflowId();
        String id = r.cellId();
        EngineIdentity engine =
                r.engine()
                        .orElseThrow(
                                () ->
                                        ApplicationFailure.newNonRetryableFailure(
                                                "cell " + id + " has no engine in its request",
                                                "BadInput"));
        EvaluationSettings scoring = r.evaluation();
        CellStoreActivities cells = ActivityStubs.cellStore();
        // where it stands now: another workflow may have finished it since the caller looked
        ResolvedCell now =
                cells.resolveCells(
                                new ResolveRequest(
                                        List.of(r.cell()),
                                        Map.of(r.cell().dataset(), staged.contentHash()),
                                        engine,
                                        scoring,
                                        null))
                        .get(0);
        if (now.reusable()) {
            return tell(CellLauncher.reused(r, now));
        }
        if (now.state() == CellState.FINISHED) {
            // trained before, scored another way: score the final checkpoint, nothing retrains
            CellMetrics m = evaluate(r, staged, now.checkpointKey());
            cells.addEvaluation(id, scoring, m);
            stage = "done";
            return tell(
                    new CellOutcome(
                            r.cell(),
                            now.runId(),
                            m,
                            now.checkpointKey(),
                            0,
                            0,
                            Map.of(),
                            id,
                            "evaluated",
                            now.trainedFor(),
                            now.experimentId(),
                            scoring.key()));
        }
        CellStart start =
                new CellStart(id, r.cell(), staged.contentHash(), engine, r.sweepId(), workflowId);
        TrainingResult trained;
        try {
            cells.beginCell(start);
            stage = "training";
            trained =
                    ActivityStubs.training(r.heartbeatSeconds())
                            .train(
                                    new TrainingRequest(
                                            id,
                                            staged,
                                            r.cell(),
                                            Optional.of(scoring),
                                            Optional.of(engine)));
        } catch (ActivityFailure | CanceledFailure e) {
            boolean cancelled = isCancellation(e);
            String why = cancelled ? "cancelled" : rootMessage(e);
            // the scope may be cancelled: record and tell from a detached one
            Workflow.newDetachedCancellationScope(
                            () -> {
                                cells.endCell(
                                        id, cancelled ? CellState.STOPPED : CellState.FAILED, why);
                                notifyAll(
                                        new CellNotice(
                                                id,
                                                cancelled ? "STOPPED" : "FAILED",
                                                Optional.empty(),
                                                why));
                            })
                    .run();
            throw e;
        }
        // trained: record it even when a cancel arrives now (the work is done; the cell is
        // finished for whoever asks next)
        CellOutcome[] out = new CellOutcome[1];
        Workflow.newDetachedCancellationScope(() -> out[0] = record(r, staged, start, trained))
                .run();
        return tell(out[0]);
    }

    /** Scores (if the training did not), logs the run and records the finished cell. */
    private CellOutcome record(
            CellRequest r, StagedDataset staged, CellStart start, TrainingResult trained) {
        String id = start.id();
        String workflowId = start.workflowId();
        EvaluationSettings scoring = r.evaluation();
        CellMetrics metrics = scored(r, staged, trained);
        stage = "tracking";
        long tracking = Workflow.currentTimeMillis();
        String runId =
                ActivityStubs.tracking()
                        .recordCell(
                                new CellRecord(
                                        r.experimentId(),
                                        r.sweepId(),
                                        r.parentRunId(),
                                        r.runName(),
                                        workflowId,
                                        r.cell(),
                                        staged,
                                        trained,
                                        metrics,
                                        id));
        ActivityStubs.cellStore()
                .finishCell(
                        new CellFinish(
                                start, trained, scoring, metrics, r.experimentId(), runId, ""));
        Map<String, Double> timings = new LinkedHashMap<>(trained.timings());
        timings.put("tracking", (Workflow.currentTimeMillis() - tracking) / 1e3);
        stage = "done";
        return new CellOutcome(
                r.cell(),
                runId,
                metrics,
                trained.checkpointKey(),
                trained.trainSeconds(),
                trained.resumedFromEpoch(),
                timings,
                id,
                "trained",
                r.sweepId(),
                r.experimentId(),
                scoring.key());
    }

    /**
     * @return the metrics the training returned, or (a training worker of an older build returns
     *     none) the evaluation activity's score of its final checkpoint
     */
    private CellMetrics scored(CellRequest r, StagedDataset staged, TrainingResult trained) {
        return trained.metrics().isPresent()
                ? trained.metrics().get()
                : evaluate(r, staged, trained.checkpointKey());
    }

    /** Scores a checkpoint for the request's setting (the evaluation activity). */
    private CellMetrics evaluate(CellRequest r, StagedDataset staged, String checkpointKey) {
        stage = "evaluating";
        return ActivityStubs.evaluation()
                .evaluate(
                        new EvaluationRequest(
                                cellKey,
                                staged,
                                checkpointKey,
                                r.fusionWeights(),
                                r.dfVariant(),
                                r.missingFractions(),
                                MISSING_SEED));
    }

    /** Tells the workflows that joined this cell that it finished, then returns {@code o}. */
    private CellOutcome tell(CellOutcome o) {
        notifyAll(new CellNotice(o.cellId(), "FINISHED", Optional.of(o), ""));
        return o;
    }

    private void notifyAll(CellNotice n) {
        for (String s : new ArrayList<>(subscribers)) {
            try {
                Workflow.newUntypedExternalWorkflowStub(s)
                        .signal(TrainingPipelineWorkflow.SIGNAL_FINISHED, n);
            } catch (RuntimeException e) {
                // the subscriber is gone: nobody to tell
            }
        }
    }

    static boolean isCancellation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CanceledFailure) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t instanceof TemporalFailure) {
            t = t.getCause();
        }
        String m = t instanceof ApplicationFailure af ? af.getOriginalMessage() : t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    /** The pipeline as it ran before the cell store: recorded histories replay this. */
    private CellOutcome runBeforeCellStore(CellRequest r) {
        stage = "staging";
        StagedDataset staged =
                r.staged().isPresent()
                        ? r.staged().get()
                        : ActivityStubs.staging().stage(r.source());
        stage = "training";
        String workflowId = Workflow.getInfo().getWorkflowId();
        // version 1: the training activity also scores the model it holds in memory (one activity,
        // one data load, no checkpoint download); histories from before replay the two activities.
        // A worker of an older build ignores the scoring settings and returns no metrics (a rolling
        // upgrade of the GPU pool): the evaluation activity then scores the final checkpoint.
        int v = Workflow.getVersion(FUSED_EVALUATION, Workflow.DEFAULT_VERSION, 1);
        Optional<EvaluationSettings> scoring =
                v == 1
                        ? Optional.of(
                                new EvaluationSettings(
                                        r.fusionWeights(),
                                        r.dfVariant(),
                                        r.missingFractions(),
                                        MISSING_SEED))
                        : Optional.empty();
        TrainingResult trained =
                ActivityStubs.training(r.heartbeatSeconds())
                        .train(new TrainingRequest(workflowId, staged, r.cell(), scoring));
        CellMetrics metrics = scored(r, staged, trained);
        stage = "tracking";
        long tracking = Workflow.currentTimeMillis();
        String runId =
                ActivityStubs.tracking()
                        .recordCell(
                                new CellRecord(
                                        r.experimentId(),
                                        r.sweepId(),
                                        r.parentRunId(),
                                        r.runName(),
                                        workflowId,
                                        r.cell(),
                                        staged,
                                        trained,
                                        metrics));
        Map<String, Double> timings = new LinkedHashMap<>(trained.timings());
        timings.put("tracking", (Workflow.currentTimeMillis() - tracking) / 1e3);
        stage = "done";
        return new CellOutcome(
                r.cell(),
                runId,
                metrics,
                trained.checkpointKey(),
                trained.trainSeconds(),
                trained.resumedFromEpoch(),
                timings);
    }

    @Override
    public PipelineProgress progress() {
        return new PipelineProgress(cellKey, stage);
    }

    @Override
    public void subscribe(String workflowId) {
        subscribers.add(workflowId);
    }

    @Override
    public void cellFinished(CellNotice notice) {
        notices.put(notice.cellId(), notice);
    }
}
