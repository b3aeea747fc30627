package io.mlaops.activities.training;

import io.mlaops.model.train.EpochRecord;
import java.util.List;

/**
 * A finished training.
 *
 * @param runKey the training's key (see {@link TrainingRequest#runKey()})
 * @param checkpointKey object key of the final checkpoint
 * @param checkpointSha256 its SHA-256
 * @param history per-epoch, per-modality numbers
 * @param trainSeconds wall time spent training in this and earlier attempts' finished epochs is not
 *     included: the time of the attempt that finished
 * @param resumedFromEpoch epoch the finishing attempt started from (0 = no resume)
 * @param device the device it ran on
 * @param worker identity of the worker that finished it (Temporal's worker identity; empty when unknown)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingResult(String runKey, String checkpointKey, String checkpointSha256, List<EpochRecord> history,
        double trainSeconds, int resumedFromEpoch, String device, String worker) {
    public TrainingResult {
        history = List.copyOf(history);
        worker = worker == null ? "" : worker;
    }
}
