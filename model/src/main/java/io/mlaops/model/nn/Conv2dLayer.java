package io.mlaops.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A square 2-D convolution {@code (B, in, H, W) -> (B, out, H', W')} with weight (out, in, k, k)
 * and an optional bias, by the engine's convolution kernel. Initial values as PyTorch's {@code
 * nn.Conv2d}: {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}, {@code fan_in = in k k}.
 */
final class Conv2dLayer {
    private final NamedParameter weight;
    private final NamedParameter bias;
    private final Shape stride;
    private final Shape padding;
    private final int kernel;
    private final int strideSize;
    private final int paddingSize;

    /**
     * @param prefix parameter name prefix ({@code <prefix>.weight}, {@code <prefix>.bias})
     * @param withBias whether the layer adds a bias (not before a batch norm)
     */
    Conv2dLayer(
            NDManager manager,
            String prefix,
            String group,
            int in,
            int out,
            int kernel,
            int stride,
            int padding,
            boolean withBias,
            SplittableRandom rnd,
            Map<String, float[]> restored) {
        int fanIn = in * kernel * kernel;
        float[] wv = ParameterInit.uniformFanIn(rnd, out * fanIn, fanIn);
        wv = DenseLayer.pick(restored, prefix + ".weight", wv);
        NDArray w = manager.create(wv, new Shape(out, in, kernel, kernel));
        w.setRequiresGradient(true);
        this.weight = new NamedParameter(prefix + ".weight", group, w);
        if (withBias) {
            float[] bv = ParameterInit.uniformFanIn(rnd, out, fanIn);
            bv = DenseLayer.pick(restored, prefix + ".bias", bv);
            NDArray b = manager.create(bv, new Shape(out));
            b.setRequiresGradient(true);
            this.bias = new NamedParameter(prefix + ".bias", group, b);
        } else {
            this.bias = null;
        }
        this.kernel = kernel;
        this.strideSize = stride;
        this.paddingSize = padding;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
    }

    NDArray forward(NDArray x) {
        return Conv2d.conv2d(
                        x,
                        weight.array(),
                        bias == null ? null : bias.array(),
                        stride,
                        padding,
                        new Shape(1, 1),
                        1)
                .singletonOrThrow();
    }

    /**
     * @return the output size along one spatial axis for an input of {@code size}
     */
    int outputSize(int size) {
        return (size + 2 * paddingSize - kernel) / strideSize + 1;
    }

    List<NamedParameter> parameters() {
        List<NamedParameter> out = new ArrayList<>();
        out.add(weight);
        if (bias != null) {
            out.add(bias);
        }
        return out;
    }
}
