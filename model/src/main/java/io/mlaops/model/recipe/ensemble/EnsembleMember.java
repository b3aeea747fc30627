package io.mlaops.model.recipe.ensemble;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.SplitOutputs;
import io.mlaops.model.train.TrainedModel;
import io.mlaops.model.train.TrainingSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * What the ensemble needs of one unimodal model: its outputs (logits through its head) on the
 * validation split, to weigh, and on the test split, to score.
 *
 * @param modality the member's modality
 * @param validation its outputs on the validation split (may hold no sample)
 * @param test its outputs on the test split
 */
public record EnsembleMember(String modality, SplitOutputs validation, SplitOutputs test) {
    /**
     * @throws IllegalArgumentException when the outputs are not of exactly this one modality
     */
    public EnsembleMember {
        Objects.requireNonNull(modality, "modality");
        if (!validation.modalities().equals(java.util.List.of(modality))
                || !test.modalities().equals(java.util.List.of(modality))) {
            throw new IllegalArgumentException(
                    "an ensemble member has the outputs of one modality ('"
                            + modality
                            + "'), not "
                            + test.modalities());
        }
    }

    /**
     * @param model a unimodal model (a session's {@linkplain TrainingSession#selectedModel()
     *     selected} or {@linkplain TrainingSession#lastModel() last} one)
     * @param modality its modality
     * @return its outputs on validation and test
     */
    public static EnsembleMember of(TrainedModel model, String modality) {
        return new EnsembleMember(modality, model.validationOutputs(), model.testOutputs());
    }

    /**
     * The seam for evaluating an ensemble from stored cells: restores a unimodal cell's checkpoint
     * (its final one holds both the last and the selected epoch's state) on the same data set.
     *
     * @param checkpoint the unimodal cell's checkpoint
     * @param data the data set it was trained on (checked by content hash)
     * @param selected the epoch selected on validation (true) or the last epoch
     * @return the member
     * @throws io.mlaops.model.train.CheckpointException for a checkpoint that is not a unimodal
     *     cell's of this data set
     */
    public static EnsembleMember fromCheckpoint(
            InputStream checkpoint, MultimodalDataset data, boolean selected) throws IOException {
        try (TrainingSession s = TrainingSession.restore(checkpoint, data)) {
            if (!EnsembleRecipe.MEMBERS.equals(s.cell().recipe())) {
                throw new io.mlaops.model.train.CheckpointException(
                        "an ensemble combines unimodal cells, not " + s.cell().key());
            }
            try (TrainedModel m = selected ? s.selectedModel() : s.lastModel()) {
                return of(m, s.cell().modality());
            }
        }
    }
}
