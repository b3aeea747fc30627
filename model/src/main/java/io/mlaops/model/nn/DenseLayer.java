package io.mlaops.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fully connected layer {@code y = x W^T + b} with {@code W} of shape (out, in), computed by the
 * engine's fused linear kernel.
 */
public final class DenseLayer {
    private final NamedParameter weight;
    private final NamedParameter bias;
    private final int in;
    private final int out;

    /**
     * @param manager long-lived manager that owns the parameters
     * @param prefix parameter name prefix, e.g. {@code encoder.audio.0}
     * @param group parameter group
     * @param in input width
     * @param out output width
     * @param rnd seeded generator for the initial values
     * @param restored values by parameter name that replace the random ones (checkpoint restore)
     */
    public DenseLayer(
            NDManager manager,
            String prefix,
            String group,
            int in,
            int out,
            SplittableRandom rnd,
            Map<String, float[]> restored) {
        this.in = in;
        this.out = out;
        long weights = (long) out * in;
        if (weights > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "layer "
                            + prefix
                            + " of "
                            + in
                            + " x "
                            + out
                            + " has "
                            + weights
                            + " weights: expected at most "
                            + (Integer.MAX_VALUE - 8)
                            + " (narrow --hidden / --feature-dim)");
        }
        float[] wv = ParameterInit.uniformFanIn(rnd, (int) weights, in);
        float[] bv = ParameterInit.uniformFanIn(rnd, out, in);
        wv = pick(restored, prefix + ".weight", wv);
        bv = pick(restored, prefix + ".bias", bv);
        NDArray w = manager.create(wv, new Shape(out, in));
        NDArray b = manager.create(bv, new Shape(out));
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        this.weight = new NamedParameter(prefix + ".weight", group, w);
        this.bias = new NamedParameter(prefix + ".bias", group, b);
    }

    /**
     * @return the restored values of {@code name} if there are any (checked against the size of
     *     {@code fresh}), else {@code fresh}
     * @throws IllegalArgumentException if the restored values have another size
     */
    static float[] pick(Map<String, float[]> restored, String name, float[] fresh) {
        float[] v = restored.get(name);
        if (v == null) {
            return fresh;
        }
        if (v.length != fresh.length) {
            throw new IllegalArgumentException(
                    "parameter '"
                            + name
                            + "' has "
                            + v.length
                            + " values, expected "
                            + fresh.length);
        }
        return v;
    }

    /**
     * @return {@code x W^T + b}; the result lives in {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        return Linear.linear(x, weight.array(), bias.array()).singletonOrThrow();
    }

    public NamedParameter weight() {
        return weight;
    }

    public NamedParameter bias() {
        return bias;
    }

    public List<NamedParameter> parameters() {
        return List.of(weight, bias);
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }
}
