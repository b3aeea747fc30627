package io.mlaops.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * A trainable array with a stable name ({@code encoder.audio.0.weight}, {@code head.bias}) and the
 * group it belongs to ({@code encoder.audio} or {@code head}), so that a trainer can update exactly
 * the parameters that took part in a step.
 *
 * @param name unique, stable name; checkpoints are keyed by it
 * @param group {@code head} or {@code encoder.<modality>}
 * @param array the live array (requires gradient while training)
 */
public record NamedParameter(String name, String group, NDArray array) {
    public NamedParameter {
        Objects.requireNonNull(name);
        Objects.requireNonNull(group);
        Objects.requireNonNull(array);
    }
}
