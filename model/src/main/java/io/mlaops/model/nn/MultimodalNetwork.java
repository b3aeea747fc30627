package io.mlaops.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One encoder per modality and one shared linear head {@code g: d -> C} (weight {@code W} of shape
 * C x d, bias {@code b}). The prediction of modality m is {@code z_m = g(f_m(x_m))}.
 *
 * <p>All parameters belong to the manager passed in; callers close it.
 */
public final class MultimodalNetwork {
    /** Parameter group of the shared head. */
    public static final String HEAD = "head";

    private final LinkedHashMap<String, MlpEncoder> encoders = new LinkedHashMap<>();
    private final DenseLayer head;
    private final int featureDim;
    private final int numClasses;

    /**
     * @param manager owner of all parameters
     * @param inputDims d_m per modality, in declaration order
     * @param hidden hidden widths of every encoder
     * @param featureDim d
     * @param numClasses C
     * @param dropout encoder dropout
     * @param seed initialisation seed
     * @param restored parameter values by name that replace the random ones (checkpoints)
     */
    public MultimodalNetwork(
            NDManager manager,
            Map<String, Integer> inputDims,
            List<Integer> hidden,
            int featureDim,
            int numClasses,
            float dropout,
            long seed,
            Map<String, float[]> restored) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Map.Entry<String, Integer> e : inputDims.entrySet()) {
            // one split generator per modality: adding a modality does not change the others' init
            encoders.put(
                    e.getKey(),
                    new MlpEncoder(
                            manager,
                            e.getKey(),
                            e.getValue(),
                            hidden,
                            featureDim,
                            dropout,
                            rnd.split(),
                            restored));
        }
        this.head =
                new DenseLayer(manager, HEAD, HEAD, featureDim, numClasses, rnd.split(), restored);
        this.featureDim = featureDim;
        this.numClasses = numClasses;
    }

    /**
     * @return encoder of modality {@code m}
     */
    public MlpEncoder encoder(String m) {
        MlpEncoder e = encoders.get(m);
        if (e == null) {
            throw new IllegalArgumentException(
                    "no encoder for modality '" + m + "': have " + encoders.keySet());
        }
        return e;
    }

    public Map<String, MlpEncoder> encoders() {
        return Collections.unmodifiableMap(encoders);
    }

    public DenseLayer head() {
        return head;
    }

    /**
     * @return logits (B, C) of the shared head for features (B, d)
     */
    public NDArray headForward(NDArray features) {
        return head.forward(features);
    }

    /**
     * @return {@code features W^T} without the bias (B, C), in {@code features}' manager
     */
    public NDArray headWeightOnly(NDArray features) {
        return ai.djl.nn.core.Linear.linear(features, head.weight().array(), null)
                .singletonOrThrow();
    }

    /**
     * One modality's share of fused logits {@code z = sum_m f_m W^T + b}: {@code f_m W^T + b /
     * shares}.
     *
     * @param features the modality's features (B, d)
     * @param shares M, the number of modalities the bias is shared by (>= 1)
     * @return (B, C) in {@code features}' manager
     */
    public NDArray headShare(NDArray features, int shares) {
        // the scalar is created in features' manager first, so the scaled bias is a step temporary
        // too
        NDArray scaled = features.getManager().create(1f / shares).mul(head.bias().array());
        return ai.djl.nn.core.Linear.linear(features, head.weight().array(), scaled)
                .singletonOrThrow();
    }

    public int featureDim() {
        return featureDim;
    }

    public int numClasses() {
        return numClasses;
    }

    /**
     * @return every parameter: encoders in modality order, then the head
     */
    public List<NamedParameter> parameters() {
        List<NamedParameter> all = new ArrayList<>();
        for (MlpEncoder e : encoders.values()) {
            all.addAll(e.parameters());
        }
        all.addAll(head.parameters());
        return all;
    }

    /**
     * @return parameters of one group ({@code head} or {@code encoder.<m>})
     */
    public List<NamedParameter> parameters(String group) {
        List<NamedParameter> out = new ArrayList<>();
        for (NamedParameter p : parameters()) {
            if (p.group().equals(group)) {
                out.add(p);
            }
        }
        return out;
    }
}
