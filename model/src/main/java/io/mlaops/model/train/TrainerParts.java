package io.mlaops.model.train;

import ai.djl.ndarray.NDManager;
import io.mlaops.model.nn.MultimodalNetwork;
import io.mlaops.model.recipe.CellSpec;
import java.util.List;
import java.util.Map;

/**
 * What a recipe gets to build its {@link Trainer} for a session.
 *
 * @param cell the cell being trained
 * @param network the shared network (encoders and head)
 * @param manager long-lived manager that owns parameters and state (closed with the session)
 * @param stepModalities modalities that take steps, in step order
 * @param restored parameter values by name from a checkpoint (empty for a fresh start); extra
 *     parameters take theirs from here
 */
public record TrainerParts(
        CellSpec cell,
        MultimodalNetwork network,
        NDManager manager,
        List<String> stepModalities,
        Map<String, float[]> restored) {
    public TrainerParts {
        stepModalities = List.copyOf(stepModalities);
        restored = Map.copyOf(restored);
    }
}
