package io.mlaops.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Encoder {@code f_m} of one modality: maps a batch of samples, flattened to (B, d_m), to features
 * (B, d) of the size every modality shares (the shared head's input). Made by an {@link
 * EncoderKind} of the {@link Encoders} registry.
 *
 * <p>Training or evaluation is said by the dropout generator: a generator means a training pass
 * (dropout on, batch norm on the batch's statistics, which it also folds into its running ones),
 * {@code null} an evaluation pass (no dropout, batch norm on its running statistics).
 */
public interface Encoder {
    /**
     * @return the modality it encodes (its parameters' group is {@code encoder.<modality>})
     */
    String modality();

    /**
     * @param x a batch (B, d_m), row-major samples of the modality's shape; intermediate results
     *     land in its manager
     * @param dropoutRandom dropout masks' generator for a training pass, {@code null} to evaluate
     * @return features (B, d)
     */
    NDArray forward(NDArray x, SplittableRandom dropoutRandom);

    /**
     * As {@link #forward(NDArray, SplittableRandom)}; a training pass with {@code updateStatistics}
     * false leaves the running statistics as they are (a second forward pass of the same batch in
     * the same step, as MMPareto's).
     */
    default NDArray forward(NDArray x, SplittableRandom dropoutRandom, boolean updateStatistics) {
        return forward(x, dropoutRandom);
    }

    /**
     * @return trainable parameters, in a fixed order
     */
    List<NamedParameter> parameters();

    /**
     * @return state that is not trained by gradients but checkpointed (batch norm's running mean
     *     and variance), by stable name; live arrays
     */
    default Map<String, NDArray> buffers() {
        return Map.of();
    }

    /**
     * @return whether a sample's features depend on the other samples of its batch while training
     *     (batch norm): such an encoder must see only the samples that have its modality
     */
    default boolean batchDependent() {
        return !buffers().isEmpty();
    }
}
