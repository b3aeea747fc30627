package io.mlaops.model.train;

/** How {@link TrainingSession#run} ended. */
public enum TrainingOutcome {
    /** All configured epochs ran. */
    COMPLETED,
    /** The listener asked to stop; the session can be checkpointed and resumed. */
    STOPPED
}
