package io.mlaops.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import io.mlaops.model.data.DatasetValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A LeNet-style encoder for an image or a spectrogram: per stage a k x k convolution ('same'
 * padding, with bias), ReLU and 2 x 2 max pooling; the flattened maps then go through the fully
 * connected part every encoder ends with ({@code hidden} widths, then d; ReLU after each, dropout
 * after the hidden ones), named {@code encoder.<m>.fc.<i>}. No batch norm: a sample's features do
 * not depend on its batch.
 */
final class LeNetEncoder implements Encoder {
    private final String modality;
    private final ImageShape input;
    private final List<Conv2dLayer> convs = new ArrayList<>();
    private final MlpEncoder tail;

    LeNetEncoder(EncoderParts p, List<Integer> channels, int kernel) {
        this.modality = p.modality();
        this.input = ImageShape.of("lenet", p.modality(), p.inputShape());
        String group = "encoder." + modality;
        int c = input.channels();
        int h = input.height();
        int w = input.width();
        for (int i = 0; i < channels.size(); i++) {
            if (h < 2 || w < 2) {
                throw new DatasetValidationException(
                        "encoder lenet: modality '"
                                + modality
                                + "' of shape "
                                + p.inputShape()
                                + " is too small for "
                                + channels.size()
                                + " stages of 2 x 2 pooling: expected height and width of at least "
                                + (1 << channels.size())
                                + " (or fewer lenet_channels)");
            }
            convs.add(
                    new Conv2dLayer(
                            p.manager(),
                            group + ".conv" + (i + 1),
                            group,
                            c,
                            channels.get(i),
                            kernel,
                            1,
                            kernel / 2,
                            true,
                            p.rnd(),
                            p.restored()));
            c = channels.get(i);
            h /= 2;
            w /= 2;
        }
        this.tail = MlpEncoder.tail(p, c * h * w);
    }

    @Override
    public String modality() {
        return modality;
    }

    @Override
    public NDArray forward(NDArray x, SplittableRandom dropoutRandom) {
        NDArray h = input.batch(x);
        for (Conv2dLayer conv : convs) {
            h = Activation.relu(conv.forward(h));
            h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        }
        return tail.forward(h.reshape(new Shape(h.getShape().get(0), -1)), dropoutRandom);
    }

    @Override
    public List<NamedParameter> parameters() {
        List<NamedParameter> out = new ArrayList<>();
        convs.forEach(c -> out.addAll(c.parameters()));
        out.addAll(tail.parameters());
        return out;
    }

    @Override
    public Map<String, NDArray> buffers() {
        return Map.of();
    }
}
