package io.mlaops.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A ResNet-style encoder (He et al. 2016, the basic-block layout of ResNet-18 that the MLA paper
 * trains on spectrograms and frames): a stem, then stages of basic blocks (3 x 3 convolution, batch
 * norm, ReLU, 3 x 3 convolution, batch norm, plus the shortcut, ReLU), stage {@code i} of width
 * {@code width * 2^i} whose first block strides by 2 (except in the first stage) with a 1 x 1
 * convolution and batch norm on the shortcut, then global average pooling and the fully connected
 * part every encoder ends with ({@code encoder.<m>.fc.<i>}).
 *
 * <p>Stems: {@code imagenet} (7 x 7 convolution stride 2, batch norm, ReLU, 3 x 3 max pooling
 * stride 2: ResNet-18 as published) or {@code small} (3 x 3 convolution stride 1, batch norm, ReLU:
 * the usual stem for 32 x 32 inputs). Blocks {@code 2,2,2,2} with width 64 and the imagenet stem is
 * ResNet-18. Convolutions before a batch norm have no bias. Parameter and buffer names follow
 * torchvision's ({@code layer1.0.conv1.weight}, {@code layer2.0.downsample.bn.running_mean}, ...).
 */
final class ResNetEncoder implements Encoder {
    private final String modality;
    private final ImageShape input;
    private final boolean imagenetStem;
    private final Conv2dLayer stemConv;
    private final BatchNormLayer stemBn;
    private final List<Block> blocks = new ArrayList<>();
    private final MlpEncoder tail;

    private record Block(
            Conv2dLayer conv1,
            BatchNormLayer bn1,
            Conv2dLayer conv2,
            BatchNormLayer bn2,
            Conv2dLayer downConv,
            BatchNormLayer downBn) {}

    ResNetEncoder(EncoderParts p, List<Integer> stages, int width, boolean imagenetStem) {
        this.modality = p.modality();
        this.input = ImageShape.of("resnet", p.modality(), p.inputShape());
        this.imagenetStem = imagenetStem;
        String group = "encoder." + modality;
        int c = input.channels();
        stemConv =
                new Conv2dLayer(
                        p.manager(),
                        group + ".stem.conv",
                        group,
                        c,
                        width,
                        imagenetStem ? 7 : 3,
                        imagenetStem ? 2 : 1,
                        imagenetStem ? 3 : 1,
                        false,
                        p.rnd(),
                        p.restored());
        stemBn = new BatchNormLayer(p.manager(), group + ".stem.bn", group, width, p.restored());
        int in = width;
        for (int s = 0; s < stages.size(); s++) {
            int out = width << s;
            for (int b = 0; b < stages.get(s); b++) {
                int stride = b == 0 && s > 0 ? 2 : 1;
                String name = group + ".layer" + (s + 1) + "." + b;
                Conv2dLayer conv1 =
                        new Conv2dLayer(
                                p.manager(),
                                name + ".conv1",
                                group,
                                in,
                                out,
                                3,
                                stride,
                                1,
                                false,
                                p.rnd(),
                                p.restored());
                BatchNormLayer bn1 =
                        new BatchNormLayer(p.manager(), name + ".bn1", group, out, p.restored());
                Conv2dLayer conv2 =
                        new Conv2dLayer(
                                p.manager(),
                                name + ".conv2",
                                group,
                                out,
                                out,
                                3,
                                1,
                                1,
                                false,
                                p.rnd(),
                                p.restored());
                BatchNormLayer bn2 =
                        new BatchNormLayer(p.manager(), name + ".bn2", group, out, p.restored());
                Conv2dLayer downConv = null;
                BatchNormLayer downBn = null;
                if (stride != 1 || in != out) {
                    downConv =
                            new Conv2dLayer(
                                    p.manager(),
                                    name + ".downsample.conv",
                                    group,
                                    in,
                                    out,
                                    1,
                                    stride,
                                    0,
                                    false,
                                    p.rnd(),
                                    p.restored());
                    downBn =
                            new BatchNormLayer(
                                    p.manager(), name + ".downsample.bn", group, out, p.restored());
                }
                blocks.add(new Block(conv1, bn1, conv2, bn2, downConv, downBn));
                in = out;
            }
        }
        this.tail = MlpEncoder.tail(p, in);
    }

    @Override
    public String modality() {
        return modality;
    }

    @Override
    public NDArray forward(NDArray x, SplittableRandom dropoutRandom) {
        return forward(x, dropoutRandom, true);
    }

    @Override
    public NDArray forward(NDArray x, SplittableRandom dropoutRandom, boolean updateStatistics) {
        boolean training = dropoutRandom != null;
        NDArray h = input.batch(x);
        h = Activation.relu(stemBn.forward(stemConv.forward(h), training, updateStatistics));
        if (imagenetStem) {
            h = Pool.maxPool2d(h, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        }
        for (Block b : blocks) {
            NDArray main =
                    Activation.relu(
                            b.bn1().forward(b.conv1().forward(h), training, updateStatistics));
            main = b.bn2().forward(b.conv2().forward(main), training, updateStatistics);
            NDArray shortcut =
                    b.downConv() == null
                            ? h
                            : b.downBn()
                                    .forward(b.downConv().forward(h), training, updateStatistics);
            h = Activation.relu(main.add(shortcut));
        }
        // global average pooling (the engine reduces one axis at a time)
        NDArray pooled =
                h.reshape(new Shape(h.getShape().get(0), h.getShape().get(1), -1))
                        .mean(new int[] {2});
        return tail.forward(pooled, dropoutRandom);
    }

    @Override
    public List<NamedParameter> parameters() {
        List<NamedParameter> out = new ArrayList<>(stemConv.parameters());
        out.addAll(stemBn.parameters());
        for (Block b : blocks) {
            out.addAll(b.conv1().parameters());
            out.addAll(b.bn1().parameters());
            out.addAll(b.conv2().parameters());
            out.addAll(b.bn2().parameters());
            if (b.downConv() != null) {
                out.addAll(b.downConv().parameters());
                out.addAll(b.downBn().parameters());
            }
        }
        out.addAll(tail.parameters());
        return out;
    }

    @Override
    public Map<String, NDArray> buffers() {
        Map<String, NDArray> out = new LinkedHashMap<>(stemBn.buffers());
        for (Block b : blocks) {
            out.putAll(b.bn1().buffers());
            out.putAll(b.bn2().buffers());
            if (b.downBn() != null) {
                out.putAll(b.downBn().buffers());
            }
        }
        return out;
    }
}
