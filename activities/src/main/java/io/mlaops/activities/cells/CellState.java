package io.mlaops.activities.cells;

/**
 * Where a cell stands in the store. How far a cell has been trained is its state, not its identity:
 * a {@link #STOPPED} or {@link #FAILED} cell is resumed from its newest checkpoint by the next
 * request for the same content, to the end of its {@code epochs} (or, later, to a larger budget),
 * bitwise as if it had never stopped.
 */
public enum CellState {
    /** Not in the store: nothing trained yet. */
    NEW,
    /** A workflow is training it (or was, when its worker died: the workflow retries). */
    TRAINING,
    /** Stopped before its last epoch with a checkpoint (cancelled, drained, or pruned). */
    STOPPED,
    /** Its training failed; checkpoints it wrote are resumed from by the next request. */
    FAILED,
    /** Trained to its last epoch: final checkpoint, history and at least one evaluation stored. */
    FINISHED
}
