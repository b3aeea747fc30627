package io.mlaops.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * Rewrites a step's gradients between backward and the optimizer update: HGM projects the head's
 * weight gradient, OGM-GE scales the dominant modality's encoder gradients and adds noise, MMPareto
 * combines two losses' encoder gradients. A recipe without one uses {@link #NONE}, so every trainer
 * calls its hook the same way.
 */
public interface GradientHook {
    /** Leaves every gradient as it is. */
    GradientHook NONE = step -> {};

    /**
     * @param step this step's gradients and what the hook may read (features, logits, labels,
     *     position); replace gradients with {@link StepGradients#set}
     */
    void apply(StepGradients step);

    /**
     * @return state arrays by stable name (live), checkpointed; none by default
     */
    default Map<String, NDArray> state() {
        return Map.of();
    }

    /**
     * Restores a state array written by {@link #state()}.
     *
     * @param name its name
     * @param values its values
     * @param owner manager that owns the state
     * @return false if this hook keeps no state of that name
     */
    default boolean restore(String name, float[] values, NDManager owner) {
        return false;
    }
}
