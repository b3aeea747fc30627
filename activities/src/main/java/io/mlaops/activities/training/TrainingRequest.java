package io.mlaops.activities.training;

import io.mlaops.activities.staging.StagedDataset;
import java.util.Map;
import java.util.Objects;

/**
 * One training of one sweep cell.
 *
 * @param runKey deterministic key of this training (the cell's workflow id); checkpoints live under
 *     {@code checkpoints/<runKey>/}
 * @param dataset the staged data set
 * @param trainerParams {@link io.mlaops.model.train.TrainerConfig#toParams()} of the run
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingRequest(String runKey, StagedDataset dataset, Map<String, String> trainerParams) {
    public TrainingRequest {
        Objects.requireNonNull(runKey, "runKey");
        Objects.requireNonNull(dataset, "dataset");
        trainerParams = Map.copyOf(trainerParams);
    }
}
