package io.mlaops.activities.training;

import java.util.Map;

/**
 * Heartbeat details of a training: where it is and the newest checkpoint, from which a retry
 * resumes.
 *
 * @param epoch next epoch to run
 * @param batch next batch within it
 * @param lastLoss last training loss per modality
 * @param checkpointKey object key of the newest checkpoint, or empty before the first one
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingProgress(int epoch, int batch, Map<String, Double> lastLoss, String checkpointKey) {
    public TrainingProgress {
        lastLoss = Map.copyOf(lastLoss);
        checkpointKey = checkpointKey == null ? "" : checkpointKey;
    }
}
