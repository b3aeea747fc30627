package io.mlaops.model.nn;

import io.mlaops.model.options.OptionSet;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import java.util.List;
import java.util.Map;

/** The LeNet-style convolutional encoder ({@link LeNetEncoder}) for images and spectrograms. */
final class LeNetKind implements EncoderKind {
    private static final OptionSet OPTIONS =
            OptionSet.of(
                    OptionSpec.of(
                            "lenet_channels",
                            OptionType.INT_LIST,
                            "6,16",
                            "lenet encoder: channels of each convolution stage (each halves height and width)"),
                    OptionSpec.range(
                            "lenet_kernel",
                            OptionType.INT,
                            5,
                            1,
                            15,
                            "lenet encoder: odd side of the square convolution kernels"));

    @Override
    public String id() {
        return "lenet";
    }

    @Override
    public String summary() {
        return "LeNet-style: k x k convolutions with ReLU and 2 x 2 max pooling, then the fully connected layers";
    }

    @Override
    public OptionSet options() {
        return OPTIONS;
    }

    @Override
    public void checkOptions(Map<String, String> o) {
        channels(o);
        if (OptionSet.intValue(o, "lenet_kernel") % 2 == 0) {
            throw new IllegalArgumentException(
                    "lenet_kernel " + o.get("lenet_kernel") + ": expected an odd size");
        }
    }

    private static List<Integer> channels(Map<String, String> o) {
        return ConvOptions.perStage(o, "lenet_channels", "channel counts", 4096, "6,16");
    }

    @Override
    public void checkInput(String modality, List<Integer> shape) {
        ImageShape.of(id(), modality, shape);
    }

    @Override
    public Encoder create(EncoderParts p) {
        return new LeNetEncoder(
                p, channels(p.options()), OptionSet.intValue(p.options(), "lenet_kernel"));
    }
}
