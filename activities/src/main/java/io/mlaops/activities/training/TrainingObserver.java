package io.mlaops.activities.training;

import java.util.Map;

/** Receives training and staging progress for worker metrics. Called on the activity's thread. */
public interface TrainingObserver {
    /** Does nothing. */
    TrainingObserver NONE = new TrainingObserver() {};

    default void started(String cellKey, String device) {}

    default void progress(String cellKey, double stepsPerSecond, Map<String, Double> lastLoss) {}

    default void epochFinished(double seconds) {}

    default void checkpointUploaded(long bytes, double seconds) {}

    /**
     * A checkpoint upload of the cell failed (the store refused or is unreachable; the training
     * goes on and a later checkpoint tries again, a final checkpoint is retried).
     */
    default void checkpointUploadFailed(String cellKey) {}

    default void finished(String cellKey) {}

    /** A promotion was decided: the champion's score after it (the candidate's when promoted). */
    default void promotionDecided(String model, boolean promoted, double championScore) {}

    /** A data set was staged: {@code bytes} uploaded (0 when an identical one was reused). */
    default void datasetStaged(String name, long bytes, boolean reused) {}
}
