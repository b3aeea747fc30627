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
 * @param worker identity of the worker that finished it (Temporal's worker identity; empty when
 *     unknown)
 * @param metrics the test numbers, when the request asked for evaluation
 * @param timings seconds per phase of the finishing attempt, as measured inside it: {@code
 *     data_load}, {@code restore}, {@code train} (the training loop, checkpoint snapshots
 *     included), {@code checkpoint_snapshot}, {@code checkpoint_upload} (in the background while
 *     training, and the final one), {@code evaluation}
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingResult(
        String runKey,
        String checkpointKey,
        String checkpointSha256,
        List<EpochRecord> history,
        double trainSeconds,
        int resumedFromEpoch,
        String device,
        String worker,
        java.util.Optional<io.mlaops.activities.evaluation.CellMetrics> metrics,
        java.util.Map<String, Double> timings) {
    public TrainingResult {
        history = List.copyOf(history);
        worker = worker == null ? "" : worker;
        metrics = metrics == null ? java.util.Optional.empty() : metrics;
        timings =
                timings == null
                        ? java.util.Map.of()
                        : java.util.Collections.unmodifiableMap(
                                new java.util.LinkedHashMap<>(timings));
    }

    /** A result without metrics or timings (earlier contract). */
    public TrainingResult(
            String runKey,
            String checkpointKey,
            String checkpointSha256,
            List<EpochRecord> history,
            double trainSeconds,
            int resumedFromEpoch,
            String device,
            String worker) {
        this(
                runKey,
                checkpointKey,
                checkpointSha256,
                history,
                trainSeconds,
                resumedFromEpoch,
                device,
                worker,
                java.util.Optional.empty(),
                java.util.Map.of());
    }
}
