package io.mlaops.model.nn;

import io.mlaops.model.options.OptionSet;
import java.util.List;
import java.util.Map;

/**
 * One kind of encoder in the {@link Encoders} registry: its id (as written in {@code encoder:
 * resnet}), its options with their defaults (names unique across encoders, recipes and trainer
 * settings, so they sit in the same flat {@code trainer:} block and cell params), the input shapes
 * it accepts and how it makes an encoder.
 */
public interface EncoderKind {
    /**
     * @return stable id ({@code mlp}, {@code lenet}, {@code resnet})
     */
    String id();

    /**
     * @return one line for help texts
     */
    String summary();

    /**
     * @return its options; every one has a default
     */
    default OptionSet options() {
        return OptionSet.NONE;
    }

    /**
     * Checks relations between option values (single values are checked by their specs).
     *
     * @param options complete, canonical options
     * @throws IllegalArgumentException naming the option and what is expected
     */
    default void checkOptions(Map<String, String> options) {}

    /**
     * @param modality a modality's name
     * @param shape its sample shape
     * @throws io.mlaops.model.data.DatasetValidationException if this kind cannot encode it, naming
     *     the modality, its shape and what is expected
     */
    default void checkInput(String modality, List<Integer> shape) {}

    /**
     * @param parts the modality, its shape, the shared settings and the kind's options
     * @return a new encoder whose parameters live in {@code parts.manager()}
     */
    Encoder create(EncoderParts parts);
}
