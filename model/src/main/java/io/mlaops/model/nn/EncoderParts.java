package io.mlaops.model.nn;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What an {@link EncoderKind} gets to make one modality's encoder.
 *
 * @param manager long-lived manager that owns parameters and buffers
 * @param modality the modality
 * @param inputShape its sample shape ({@code [D]}, {@code [T, F]} or {@code [C, H, W]})
 * @param hidden widths of the fully connected layers before the output (every encoder ends with
 *     them)
 * @param featureDim d, the output size every modality shares
 * @param dropout dropout after the hidden fully connected layers
 * @param options the kind's options, complete and canonical
 * @param rnd the modality's initialisation generator (draw in a fixed order)
 * @param restored parameter values by name that replace the random ones (checkpoints)
 */
public record EncoderParts(
        NDManager manager,
        String modality,
        List<Integer> inputShape,
        List<Integer> hidden,
        int featureDim,
        float dropout,
        Map<String, String> options,
        SplittableRandom rnd,
        Map<String, float[]> restored) {
    public EncoderParts {
        inputShape = List.copyOf(inputShape);
        hidden = List.copyOf(hidden);
        options = Map.copyOf(options);
    }

    /**
     * @return values per sample (the product of the shape)
     */
    public int inputDim() {
        int n = 1;
        for (int s : inputShape) {
            n *= s;
        }
        return n;
    }
}
