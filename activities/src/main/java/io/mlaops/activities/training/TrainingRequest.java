package io.mlaops.activities.training;

import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.model.recipe.CellSpec;
import java.util.Objects;

/**
 * One training of one cell.
 *
 * @param runKey deterministic key of this training (the cell's workflow id); checkpoints live under
 *     {@code checkpoints/<runKey>/}
 * @param dataset the staged data set
 * @param cell what to train (validated when the spec was read and again when deserialised)
 * @param evaluation when present, the trained model is scored in the same activity, while it is in
 *     memory (no second download of data and checkpoint); the metrics come back in the result
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingRequest(
        String runKey,
        StagedDataset dataset,
        CellSpec cell,
        java.util.Optional<io.mlaops.activities.evaluation.EvaluationSettings> evaluation) {
    public TrainingRequest {
        Objects.requireNonNull(runKey, "runKey");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(cell, "cell");
        evaluation = evaluation == null ? java.util.Optional.empty() : evaluation;
    }

    /** A training without evaluation. */
    public TrainingRequest(String runKey, StagedDataset dataset, CellSpec cell) {
        this(runKey, dataset, cell, java.util.Optional.empty());
    }
}
