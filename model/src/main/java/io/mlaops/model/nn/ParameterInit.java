package io.mlaops.model.nn;

import java.util.SplittableRandom;

/**
 * Parameter initialisation computed in Java from a seed, so that it does not depend on the engine's
 * global random generator, the device or the thread count.
 *
 * <p>Weights and biases of a layer with fan-in {@code n} are drawn from {@code U(-1/sqrt(n),
 * 1/sqrt(n))}, the bound PyTorch's {@code nn.Linear} uses by default.
 */
public final class ParameterInit {
    private ParameterInit() {}

    /**
     * @param rnd generator (advanced by {@code count} draws)
     * @param count number of values
     * @param fanIn fan-in n of the layer, at least 1
     * @return {@code count} values from U(-1/sqrt(n), 1/sqrt(n))
     */
    public static float[] uniformFanIn(SplittableRandom rnd, int count, int fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }
}
