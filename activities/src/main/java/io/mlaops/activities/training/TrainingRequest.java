package io.mlaops.activities.training;

import io.mlaops.activities.staging.StagedDataset;
import java.util.Map;
import java.util.Objects;

/**
 * One training of one sweep cell.
 *
 * @param cellKey deterministic key of the cell; checkpoints live under {@code checkpoints/<cellKey>/}
 * @param dataset the staged data set
 * @param trainerParams {@link io.mlaops.model.train.TrainerConfig#toParams()} of the run
 */
public record TrainingRequest(String cellKey, StagedDataset dataset, Map<String, String> trainerParams) {
    public TrainingRequest {
        Objects.requireNonNull(cellKey, "cellKey");
        Objects.requireNonNull(dataset, "dataset");
        trainerParams = Map.copyOf(trainerParams);
    }
}
