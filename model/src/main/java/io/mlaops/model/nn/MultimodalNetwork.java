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

    private final LinkedHashMap<String, Encoder> encoders = new LinkedHashMap<>();
    private final LinkedHashMap<String, NDArray> inputShapeRecords = new LinkedHashMap<>();
    private final DenseLayer head;
    private final int featureDim;
    private final int numClasses;

    /**
     * MLP encoders on vectors (the network of every earlier version).
     *
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
        this(
                manager,
                vectors(inputDims),
                EncoderSettings.MLP,
                hidden,
                featureDim,
                numClasses,
                dropout,
                seed,
                restored);
    }

    /**
     * @param manager owner of all parameters and buffers
     * @param inputShapes the sample shape per modality, in declaration order
     * @param encoderSettings which encoder each modality gets, and their options
     * @param hidden widths of every encoder's fully connected layers before d
     * @param featureDim d
     * @param numClasses C
     * @param dropout dropout after the hidden fully connected layers
     * @param seed initialisation seed
     * @param restored parameter values by name that replace the random ones (checkpoints)
     * @throws io.mlaops.model.data.DatasetValidationException if an encoder does not fit its
     *     modality's shape, or the settings name a modality that is not there
     */
    public MultimodalNetwork(
            NDManager manager,
            Map<String, List<Integer>> inputShapes,
            EncoderSettings encoderSettings,
            List<Integer> hidden,
            int featureDim,
            int numClasses,
            float dropout,
            long seed,
            Map<String, float[]> restored) {
        encoderSettings.check(inputShapes, "of this network");
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Map.Entry<String, List<Integer>> e : inputShapes.entrySet()) {
            String m = e.getKey();
            EncoderKind kind = Encoders.get(encoderSettings.id(m));
            // one split generator per modality: adding a modality does not change the others' init
            encoders.put(
                    m,
                    kind.create(
                            new EncoderParts(
                                    manager,
                                    m,
                                    e.getValue(),
                                    hidden,
                                    featureDim,
                                    dropout,
                                    encoderSettings.options(),
                                    rnd.split(),
                                    restored)));
            if (e.getValue().size() > 1) {
                float[] shape = new float[e.getValue().size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = e.getValue().get(i);
                }
                inputShapeRecords.put(
                        "input." + m + ".shape",
                        manager.create(shape, new ai.djl.ndarray.types.Shape(shape.length)));
            }
        }
        this.head =
                new DenseLayer(manager, HEAD, HEAD, featureDim, numClasses, rnd.split(), restored);
        this.featureDim = featureDim;
        this.numClasses = numClasses;
    }

    private static Map<String, List<Integer>> vectors(Map<String, Integer> dims) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        dims.forEach((m, d) -> out.put(m, List.of(d)));
        return out;
    }

    /**
     * @return encoder of modality {@code m}
     */
    public Encoder encoder(String m) {
        Encoder e = encoders.get(m);
        if (e == null) {
            throw new IllegalArgumentException(
                    "no encoder for modality '" + m + "': have " + encoders.keySet());
        }
        return e;
    }

    public Map<String, Encoder> encoders() {
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
        for (Encoder e : encoders.values()) {
            all.addAll(e.parameters());
        }
        all.addAll(head.parameters());
        return all;
    }

    /**
     * State checkpointed besides the parameters: the encoders' buffers (batch norm's running
     * statistics) and, for every shaped modality, {@code input.<m>.shape}, the sample shape the
     * network was built for (a convolutional encoder's parameters do not fix the image size, so a
     * checkpoint says it). Empty for a network of MLPs on vectors.
     *
     * @return live arrays by stable name
     */
    public Map<String, NDArray> buffers() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        encoders.values().forEach(e -> out.putAll(e.buffers()));
        out.putAll(inputShapeRecords);
        return out;
    }

    /**
     * Sets a buffer from a checkpoint.
     *
     * @param name a name of {@link #buffers()}
     * @param values its values
     * @throws IllegalArgumentException if the size differs, or a recorded input shape is not this
     *     network's
     */
    public void restoreBuffer(String name, float[] values) {
        NDArray a = buffers().get(name);
        if (a == null) {
            throw new IllegalArgumentException("the network keeps no state '" + name + "'");
        }
        if (inputShapeRecords.containsKey(name)) {
            if (!java.util.Arrays.equals(a.toFloatArray(), values)) {
                throw new IllegalArgumentException(
                        "the model was trained on modality '"
                                + name.substring(
                                        "input.".length(), name.length() - ".shape".length())
                                + "' of shape "
                                + shapeText(values)
                                + ", the data set's is "
                                + shapeText(a.toFloatArray()));
            }
            return;
        }
        if (a.size() != values.length) {
            throw new IllegalArgumentException(
                    "state '" + name + "' has " + values.length + " values, expected " + a.size());
        }
        a.set(values);
    }

    private static String shapeText(float[] v) {
        List<Integer> out = new ArrayList<>();
        for (float x : v) {
            out.add((int) x);
        }
        return out.toString();
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
