package io.mlaops.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mlaops.model.eval.SplitOutputs;
import io.mlaops.model.nn.NamedParameter;
import java.util.List;
import java.util.Map;

/**
 * One recipe's work on one batch, created per {@link TrainingSession} by the recipe. The session
 * owns everything else (data order, epochs, history, checkpoints), so recipes differ only in what
 * they do with a batch and compare on equal terms. A trainer may own parameters beyond the network
 * (extra heads) and state arrays (a gradient hook's matrix): the session checkpoints both.
 */
public interface Trainer {
    /**
     * Trains on one batch: forward, backward, the recipe's gradient hook, and an update of exactly
     * the parameters that took part; records per-modality loss and accuracy in the context.
     *
     * @param ctx the step context of this batch
     * @param rows training-split row indices of the batch
     */
    void trainBatch(StepContext ctx, int[] rows);

    /**
     * @return parameters owned by the trainer (not the network's), checkpointed with their
     *     optimizer state
     */
    default List<NamedParameter> extraParameters() {
        return List.of();
    }

    /**
     * @return the gradient hook applied to each step's gradients; {@link GradientHook#NONE} by
     *     default
     */
    default GradientHook hook() {
        return GradientHook.NONE;
    }

    /**
     * @return state arrays by stable name (live), checkpointed: the hook's by default
     */
    default Map<String, NDArray> state() {
        return hook().state();
    }

    /**
     * Restores one state array written by {@link #state()} (by default into the hook).
     *
     * @param name its name
     * @param values its values
     * @param owner the long-lived manager that owns state
     * @throws CheckpointException if this trainer keeps no state of that name or the size differs
     */
    default void restoreState(String name, float[] values, NDManager owner) {
        if (!hook().restore(name, values, owner)) {
            throw new CheckpointException(
                    "the checkpoint holds state '" + name + "', which this method does not keep");
        }
    }

    /**
     * Test numbers beyond the shared evaluation (e.g. the accuracy through a recipe's own heads).
     *
     * @param outputs the network's outputs on the split scored
     * @param manager manager for temporaries (closed by the caller)
     * @return metric name to value; empty by default
     */
    default Map<String, Double> extraMetrics(SplitOutputs outputs, NDManager manager) {
        return Map.of();
    }
}
