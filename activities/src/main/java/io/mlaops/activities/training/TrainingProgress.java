package io.mlaops.activities.training;

import java.util.Map;

/**
 * Heartbeat details of a training: where it is and the newest checkpoint, from which a retry
 * resumes.
 *
 * @param epoch next epoch to run
 * @param batch next batch within it
 * @param lastLoss last training loss per modality
 * @param checkpointKey object key of the newest stored checkpoint, or empty before the first one
 * @param note what the user should know about this attempt (a skipped corrupt checkpoint, a store
 *     refusing checkpoints), empty when all is well
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingProgress(
        int epoch, int batch, Map<String, Double> lastLoss, String checkpointKey, String note) {
    public TrainingProgress {
        lastLoss = Map.copyOf(lastLoss);
        checkpointKey = checkpointKey == null ? "" : checkpointKey;
        note = note == null ? "" : note;
    }

    /** Progress without a note. */
    public TrainingProgress(
            int epoch, int batch, Map<String, Double> lastLoss, String checkpointKey) {
        this(epoch, batch, lastLoss, checkpointKey, "");
    }
}
