package io.mlaops.activities.cells;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The cell store as workflows use it (CPU task queue). Content ids are computed here, in an
 * activity, so that a workflow's history records them: a later change of the recipe registry never
 * changes what a recorded sweep replays. Every method is idempotent.
 */
@ActivityInterface
public interface CellStoreActivities {
    /**
     * Names each cell by its content, reads its record (one GET) and, for a finished cell, its
     * evaluation under the request's setting; records the view as a user of each cell.
     *
     * @return one entry per requested cell, in order
     */
    @ActivityMethod
    List<ResolvedCell> resolveCells(ResolveRequest request);

    /**
     * As {@link #resolveCells} without recording a use, and with an estimate of the training time
     * of every cell that would train (from the store's recorded times), for {@code mla sweep
     * --plan}.
     */
    @ActivityMethod
    CellPlan planCells(ResolveRequest request);

    /** The cell's workflow starts training it: state {@link CellState#TRAINING}. */
    @ActivityMethod
    void beginCell(CellStart start);

    /**
     * The cell's training ended before its last epoch: {@link CellState#STOPPED} (cancelled,
     * drained) or {@link CellState#FAILED}, at the position of its newest checkpoint, which the
     * next request resumes from.
     */
    @ActivityMethod
    void endCell(String id, CellState state, String note);

    /** The cell is trained and scored: record, history and evaluation. */
    @ActivityMethod
    void finishCell(CellFinish finish);

    /** A finished cell scored under another evaluation setting. */
    @ActivityMethod
    void addEvaluation(String id, EvaluationSettings settings, CellMetrics metrics);
}
