package io.mlaops.activities.training;

import java.util.Map;

/** Receives training progress for worker metrics. Called on the training thread. */
public interface TrainingObserver {
    /** Does nothing. */
    TrainingObserver NONE = new TrainingObserver() {};

    default void started(String cellKey, String device) {}

    default void progress(String cellKey, double stepsPerSecond, Map<String, Double> lastLoss) {}

    default void epochFinished(double seconds) {}

    default void checkpointUploaded(long bytes, double seconds) {}

    default void finished(String cellKey) {}
}
