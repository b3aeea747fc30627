package io.mlaops.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Encoder {@code f_m} of one modality: an MLP {@code d_m -> hidden... -> d} with ReLU after every
 * layer (features are non-negative, as pooled CNN features are) and dropout after every hidden
 * layer while training. Dropout masks come from a counter-based Java generator, so a training
 * step's randomness depends only on (seed, epoch, batch, modality): that keeps runs bitwise
 * reproducible and resumable from a checkpoint without saving the engine's random state.
 */
public final class MlpEncoder implements Encoder {
    private final String modality;
    private final List<DenseLayer> layers = new ArrayList<>();
    private final float dropout;

    /**
     * @param manager owner of the parameters
     * @param modality modality name (parameter group {@code encoder.<modality>})
     * @param inputDim d_m
     * @param hidden hidden widths, possibly empty
     * @param outputDim feature size d shared by all modalities
     * @param dropout drop probability in [0, 1)
     * @param rnd seeded generator for initial values
     * @param restored parameter values by name that replace the random ones
     */
    public MlpEncoder(
            NDManager manager,
            String modality,
            int inputDim,
            List<Integer> hidden,
            int outputDim,
            float dropout,
            SplittableRandom rnd,
            java.util.Map<String, float[]> restored) {
        this(manager, modality, "", inputDim, hidden, outputDim, dropout, rnd, restored);
    }

    /**
     * As above, with the layers named {@code encoder.<modality>.<layerPrefix><i>} (the fully
     * connected part after a convolutional backbone: {@code fc.}).
     */
    MlpEncoder(
            NDManager manager,
            String modality,
            String layerPrefix,
            int inputDim,
            List<Integer> hidden,
            int outputDim,
            float dropout,
            SplittableRandom rnd,
            java.util.Map<String, float[]> restored) {
        this.modality = modality;
        this.dropout = dropout;
        int in = inputDim;
        List<Integer> widths = new ArrayList<>(hidden);
        widths.add(outputDim);
        for (int i = 0; i < widths.size(); i++) {
            String group = "encoder." + modality;
            layers.add(
                    new DenseLayer(
                            manager,
                            group + "." + layerPrefix + i,
                            group,
                            in,
                            widths.get(i),
                            rnd,
                            restored));
            in = widths.get(i);
        }
    }

    /**
     * @return the fully connected part a convolutional backbone of {@code in} outputs ends with
     *     ({@code encoder.<m>.fc.<i>}), drawn after the backbone from the same generator
     */
    static MlpEncoder tail(EncoderParts p, int in) {
        return new MlpEncoder(
                p.manager(),
                p.modality(),
                "fc.",
                in,
                p.hidden(),
                p.featureDim(),
                p.dropout(),
                p.rnd(),
                p.restored());
    }

    /**
     * @param x input batch (B, d_m); intermediate results land in its manager
     * @param dropoutRandom generator for dropout masks, or {@code null} for evaluation
     * @return features (B, d)
     */
    @Override
    public NDArray forward(NDArray x, SplittableRandom dropoutRandom) {
        NDArray h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = Activation.relu(layers.get(i).forward(h));
            boolean hiddenLayer = i < layers.size() - 1;
            if (hiddenLayer && dropoutRandom != null && dropout > 0) {
                h = h.mul(dropoutMask(h.getManager(), h.getShape(), dropoutRandom));
            }
        }
        return h;
    }

    private NDArray dropoutMask(NDManager m, Shape shape, SplittableRandom rnd) {
        int n = (int) shape.size();
        float keep = 1f / (1f - dropout);
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = rnd.nextDouble() < dropout ? 0f : keep;
        }
        return m.create(mask, shape);
    }

    @Override
    public String modality() {
        return modality;
    }

    public List<DenseLayer> layers() {
        return layers;
    }

    /**
     * @return all parameters, in layer order
     */
    @Override
    public List<NamedParameter> parameters() {
        List<NamedParameter> p = new ArrayList<>();
        for (DenseLayer l : layers) {
            p.addAll(l.parameters());
        }
        return p;
    }
}
