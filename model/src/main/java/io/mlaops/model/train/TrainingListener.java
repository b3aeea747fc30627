package io.mlaops.model.train;

import java.util.Map;

/**
 * Sees a training run's progress and can stop it. Called on the training thread; keep the callbacks
 * short. A stop takes effect after the current batch: the session can then be checkpointed and
 * resumed exactly.
 */
public interface TrainingListener {
    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() {};

    /**
     * @param epoch zero-based epoch about to start; @param epochs total epochs
     */
    default void onEpochStart(int epoch, int epochs) {}

    /**
     * @param epoch zero-based epoch
     * @param batch zero-based batch just finished
     * @param batches batches per epoch
     * @param lastLoss last training loss per modality in this batch
     */
    default void onBatchEnd(int epoch, int batch, int batches, Map<String, Double> lastLoss) {}

    /**
     * @param record the finished epoch
     * @param nanos its wall time
     */
    default void onEpochEnd(EpochRecord record, long nanos) {}

    /**
     * @return true to stop after the current batch
     */
    default boolean stopRequested() {
        return false;
    }
}
