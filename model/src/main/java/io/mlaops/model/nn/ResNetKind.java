package io.mlaops.model.nn;

import io.mlaops.model.options.OptionSet;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import java.util.List;
import java.util.Map;

/**
 * The ResNet-style encoder ({@link ResNetEncoder}): depth by the blocks per stage, width by the
 * first stage's channels, and the stem. The defaults are ResNet-18 as the MLA paper trains it.
 */
final class ResNetKind implements EncoderKind {
    private static final OptionSet OPTIONS =
            OptionSet.of(
                    OptionSpec.of(
                            "resnet_blocks",
                            OptionType.INT_LIST,
                            "2,2,2,2",
                            "resnet encoder: basic blocks per stage (2,2,2,2 = ResNet-18; each further stage doubles the width and halves the maps)"),
                    OptionSpec.range(
                            "resnet_width",
                            OptionType.INT,
                            64,
                            1,
                            1024,
                            "resnet encoder: channels of the first stage (ResNet-18: 64)"),
                    OptionSpec.choice(
                            "resnet_stem",
                            "imagenet",
                            List.of("imagenet", "small"),
                            "resnet encoder: stem, imagenet (7 x 7 stride 2 + max pooling, as published) or small (3 x 3 stride 1, for small inputs)"));

    @Override
    public String id() {
        return "resnet";
    }

    @Override
    public String summary() {
        return "ResNet-style: a stem, stages of basic blocks with batch norm, global average pooling, then the fully connected layers";
    }

    @Override
    public OptionSet options() {
        return OPTIONS;
    }

    @Override
    public void checkOptions(Map<String, String> o) {
        blocks(o);
    }

    private static List<Integer> blocks(Map<String, String> o) {
        List<Integer> out = ConvOptions.perStage(o, "resnet_blocks", "block counts", 64, "2,2,2,2");
        int width = OptionSet.intValue(o, "resnet_width");
        if ((long) width << (out.size() - 1) > 4096) {
            throw new IllegalArgumentException(
                    "resnet_width "
                            + width
                            + " with "
                            + out.size()
                            + " stages reaches "
                            + ((long) width << (out.size() - 1))
                            + " channels: expected at most 4096");
        }
        return out;
    }

    @Override
    public void checkInput(String modality, List<Integer> shape) {
        ImageShape.of(id(), modality, shape);
    }

    @Override
    public Encoder create(EncoderParts p) {
        return new ResNetEncoder(
                p,
                blocks(p.options()),
                OptionSet.intValue(p.options(), "resnet_width"),
                "imagenet".equals(p.options().get("resnet_stem")));
    }
}
