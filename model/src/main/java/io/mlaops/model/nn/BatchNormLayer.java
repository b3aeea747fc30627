package io.mlaops.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation over the channels of (B, C, H, W), as PyTorch's {@code nn.BatchNorm2d}: a
 * training pass normalises with the batch's mean and (biased) variance and folds them into running
 * statistics with momentum 0.1 ({@code r <- 0.9 r + 0.1 batch}, the variance unbiased); an
 * evaluation pass normalises with the running statistics. Scale {@code weight} (1) and shift {@code
 * bias} (0) are trained; the running mean (0) and variance (1) are buffers, checkpointed with the
 * parameters so that a resumed run continues bitwise.
 */
final class BatchNormLayer {
    /** PyTorch's default epsilon. */
    static final float EPSILON = 1e-5f;

    /** DJL's momentum convention: the share kept of the running statistics (PyTorch's 0.1). */
    private static final float KEEP = 0.9f;

    private final NamedParameter weight;
    private final NamedParameter bias;
    private final String prefix;
    private final NDArray runningMean;
    private final NDArray runningVar;

    BatchNormLayer(
            NDManager manager,
            String prefix,
            String group,
            int channels,
            Map<String, float[]> restored) {
        this.prefix = prefix;
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        NDArray w =
                manager.create(
                        DenseLayer.pick(restored, prefix + ".weight", ones), new Shape(channels));
        NDArray b =
                manager.create(
                        DenseLayer.pick(restored, prefix + ".bias", new float[channels]),
                        new Shape(channels));
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        this.weight = new NamedParameter(prefix + ".weight", group, w);
        this.bias = new NamedParameter(prefix + ".bias", group, b);
        this.runningMean = manager.create(new float[channels], new Shape(channels));
        this.runningVar = manager.create(ones.clone(), new Shape(channels));
    }

    /**
     * @param training batch statistics (true) or running statistics (false)
     * @param updateStatistics in a training pass, whether the running statistics take this batch's
     */
    NDArray forward(NDArray x, boolean training, boolean updateStatistics) {
        NDArray mean = runningMean;
        NDArray var = runningVar;
        if (training && !updateStatistics) {
            // the engine updates the statistics it is given in place: give it copies to discard
            mean = x.getManager().create(runningMean.toFloatArray(), runningMean.getShape());
            var = x.getManager().create(runningVar.toFloatArray(), runningVar.getShape());
        }
        // axis -1: the engine's own layout (channels on axis 1) without a transposition
        return BatchNorm.batchNorm(
                        x, mean, var, weight.array(), bias.array(), -1, KEEP, EPSILON, training)
                .singletonOrThrow();
    }

    List<NamedParameter> parameters() {
        return List.of(weight, bias);
    }

    Map<String, NDArray> buffers() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(prefix + ".running_mean", runningMean);
        out.put(prefix + ".running_var", runningVar);
        return out;
    }
}
