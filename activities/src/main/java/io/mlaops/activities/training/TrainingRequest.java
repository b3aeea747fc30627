package io.mlaops.activities.training;

import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.model.recipe.CellSpec;
import java.util.Objects;

/**
 * One training of one cell.
 *
 * @param runKey deterministic key of this training: the cell's content id (checkpoints under {@code
 *     cells/<id>/checkpoints/}), or, in histories from before the cell store, the cell's workflow
 *     id (checkpoints under {@code checkpoints/<runKey>/})
 * @param dataset the staged data set
 * @param cell what to train (validated when the spec was read; plain data in the payload, checked
 *     again when the session is made)
 * @param evaluation when present, the trained model is scored in the same activity, while it is in
 *     memory (no second download of data and checkpoint); the metrics come back in the result
 * @param engine the engine the cell's content id was resolved for: a worker whose engine differs
 *     refuses the training (retryable, so a worker of that engine takes it); empty: any
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingRequest(
        String runKey,
        StagedDataset dataset,
        CellSpec cell,
        java.util.Optional<io.mlaops.activities.evaluation.EvaluationSettings> evaluation,
        java.util.Optional<io.mlaops.model.cell.EngineIdentity> engine) {
    public TrainingRequest {
        Objects.requireNonNull(runKey, "runKey");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(cell, "cell");
        evaluation = evaluation == null ? java.util.Optional.empty() : evaluation;
        engine = engine == null ? java.util.Optional.empty() : engine;
    }

    /** A training without an engine requirement. */
    public TrainingRequest(
            String runKey,
            StagedDataset dataset,
            CellSpec cell,
            java.util.Optional<io.mlaops.activities.evaluation.EvaluationSettings> evaluation) {
        this(runKey, dataset, cell, evaluation, java.util.Optional.empty());
    }

    /** A training without evaluation. */
    public TrainingRequest(String runKey, StagedDataset dataset, CellSpec cell) {
        this(runKey, dataset, cell, java.util.Optional.empty());
    }
}
