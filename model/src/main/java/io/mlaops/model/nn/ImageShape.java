package io.mlaops.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.mlaops.model.data.DatasetValidationException;
import java.util.List;

/**
 * A shaped modality as a convolutional encoder sees it: {@code [C, H, W]} as it is, a spectrogram
 * {@code [T, F]} as a one-channel image {@code [1, T, F]}.
 *
 * @param channels C
 * @param height H (time frames of a spectrogram)
 * @param width W (frequency bands of a spectrogram)
 */
record ImageShape(int channels, int height, int width) {
    /**
     * @param encoder the encoder's id, for the message
     * @param modality the modality, for the message
     * @param shape its sample shape
     * @throws DatasetValidationException for a vector
     */
    static ImageShape of(String encoder, String modality, List<Integer> shape) {
        if (shape.size() == 3) {
            return new ImageShape(shape.get(0), shape.get(1), shape.get(2));
        }
        if (shape.size() == 2) {
            return new ImageShape(1, shape.get(0), shape.get(1));
        }
        throw new DatasetValidationException(
                "encoder "
                        + encoder
                        + " needs an image [C, H, W] or a spectrogram [T, F], but modality '"
                        + modality
                        + "' is a vector "
                        + shape
                        + ": give it the mlp encoder (e.g. --encoder "
                        + encoder
                        + ","
                        + modality
                        + "=mlp)");
    }

    /**
     * @return {@code x} (B, C H W) as (B, C, H, W), in {@code x}'s manager
     */
    NDArray batch(NDArray x) {
        return x.reshape(new Shape(x.getShape().get(0), channels, height, width));
    }
}
