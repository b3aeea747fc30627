package io.mlaops.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.hgm.HeadGradientModifier;
import io.mlaops.model.nn.MultimodalNetwork;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.optim.ParameterOptimizer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a {@link Trainer} needs for one batch: the network, the optimizer, HGM, the training split,
 * this step's learning rate and counters, and helpers that keep temporaries in a per-step manager
 * (results of engine ops land in their first operand's manager, so every step-scoped array is
 * created from, or attached to, the step manager that the trainer closes).
 */
public final class StepContext {
    private final TrainerConfig config;
    private final MultimodalNetwork network;
    private final ParameterOptimizer optimizer;
    private final HeadGradientModifier hgm;
    private final MultimodalSplit train;
    private final List<String> stepModalities;
    private final NDManager manager;
    private final Map<String, double[]> stats = new LinkedHashMap<>();
    private final Map<String, Double> lastLoss = new LinkedHashMap<>();
    private int epoch;
    private int batch;
    private int batches;
    private double learningRate;

    StepContext(TrainerConfig config, MultimodalNetwork network, ParameterOptimizer optimizer,
            HeadGradientModifier hgm, MultimodalSplit train, List<String> stepModalities, NDManager manager) {
        this.config = config;
        this.network = network;
        this.optimizer = optimizer;
        this.hgm = hgm;
        this.train = train;
        this.stepModalities = stepModalities;
        this.manager = manager;
        for (String m : stepModalities) {
            stats.put(m, new double[3]);
        }
    }

    void begin(int epoch, int batch, int batches, double learningRate) {
        this.epoch = epoch;
        this.batch = batch;
        this.batches = batches;
        this.learningRate = learningRate;
        lastLoss.clear();
    }

    public TrainerConfig config() {
        return config;
    }

    public MultimodalNetwork network() {
        return network;
    }

    /** @return modalities that take steps, in step order */
    public List<String> stepModalities() {
        return stepModalities;
    }

    /** @return a new per-step manager; the caller closes it */
    public NDManager newStepManager() {
        return manager.newSubManager();
    }

    /**
     * Counter-based dropout generator of (seed, epoch, batch, modality index): independent of
     * what ran before, so a resumed run draws the same masks.
     */
    public SplittableRandom dropoutRandom(int modalityIndex) {
        return new SplittableRandom(Seeds.mix(config.seed(), 0x44524f50L, epoch, batch, modalityIndex));
    }

    /** @return the rows of {@code rows} that have modality {@code m} */
    public int[] presentRows(String m, int[] rows) {
        boolean[] p = train.present(m);
        int[] out = new int[rows.length];
        int k = 0;
        for (int r : rows) {
            if (p[r]) {
                out[k++] = r;
            }
        }
        return k == rows.length ? rows : Arrays.copyOf(out, k);
    }

    /** @return the features of {@code rows} for modality {@code m} as a (B, d_m) array in {@code step} */
    public NDArray features(String m, int[] rows, NDManager step) {
        int d = train.dimension(m);
        float[] src = train.features(m);
        float[] x = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(src, rows[i] * d, x, i * d, d);
        }
        return step.create(x, new Shape(rows.length, d));
    }

    /** @return labels of {@code rows} */
    public int[] labels(int[] rows) {
        int[] all = train.labels();
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = all[rows[i]];
        }
        return y;
    }

    /** @return one-hot (B, C) targets in {@code step} */
    public NDArray oneHot(int[] labels, NDManager step) {
        int c = network.numClasses();
        float[] t = new float[labels.length * c];
        for (int i = 0; i < labels.length; i++) {
            t[i * c + labels[i]] = 1f;
        }
        return step.create(t, new Shape(labels.length, c));
    }

    /** @return presence of {@code m} for {@code rows} as a (B, 1) 0/1 column in {@code step} */
    public NDArray presenceColumn(String m, int[] rows, NDManager step) {
        boolean[] p = train.present(m);
        float[] col = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            col[i] = p[rows[i]] ? 1f : 0f;
        }
        return step.create(col, new Shape(rows.length, 1));
    }

    /**
     * Mean cross-entropy {@code -1/B sum_i log softmax(z_i)[y_i]}.
     *
     * @param logits (B, C)
     * @param oneHot (B, C)
     * @return scalar loss (in {@code logits}' manager)
     */
    public static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        long b = logits.getShape().get(0);
        return logits.logSoftmax(1).mul(oneHot).sum().div(-b);
    }

    /** @return how many rows' argmax equals the label */
    public static int correct(NDArray logits, int[] labels) {
        long[] pred = logits.argMax(1).toLongArray();
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            if (pred[i] == labels[i]) {
                c++;
            }
        }
        return c;
    }

    /** Updates every parameter of {@code group} with its own gradient. */
    public void updateGroup(String group, NDManager step) {
        for (NamedParameter p : network.parameters(group)) {
            NDArray g = p.array().getGradient();
            g.attach(step);
            optimizer.update(p, g, learningRate);
        }
    }

    /**
     * Updates the head. With HGM: absorbs the batch mean of {@code features} into {@code P}, then
     * steps the weight with {@code grad_W P} and the bias with its own gradient.
     *
     * @param features this step's encoder outputs (B, d)
     * @param step the step manager
     */
    public void updateHead(NDArray features, NDManager step) {
        if (hgm == null) {
            updateGroup(MultimodalNetwork.HEAD, step);
            return;
        }
        // outside the gradient collector no graph is recorded, so no detach is needed
        NDArray h = features.mean(new int[] {0}, true);
        hgm.absorb(h, hgm.alpha(batch, batches));
        NamedParameter w = network.head().weight();
        NDArray g = w.array().getGradient();
        g.attach(step);
        optimizer.update(w, hgm.project(g), learningRate);
        NamedParameter b = network.head().bias();
        NDArray gb = b.array().getGradient();
        gb.attach(step);
        optimizer.update(b, gb, learningRate);
    }

    /**
     * The public code's drift (compatibility switch): steps the idle encoders with a zero
     * gradient so that momentum and weight decay move them.
     */
    public void driftIdleEncoders(String activeModality, NDManager step) {
        for (String m : network.encoders().keySet()) {
            if (m.equals(activeModality)) {
                continue;
            }
            for (NamedParameter p : network.parameters("encoder." + m)) {
                NDArray zero = step.zeros(p.array().getShape());
                optimizer.update(p, zero, learningRate);
            }
        }
    }

    /** Records one modality's loss and accuracy on {@code count} samples. */
    public void record(String m, double loss, int correct, int count) {
        double[] s = stats.get(m);
        s[0] += loss * count;
        s[1] += correct;
        s[2] += count;
        lastLoss.put(m, loss);
    }

    Map<String, double[]> stats() {
        return stats;
    }

    Map<String, Double> lastLoss() {
        return lastLoss;
    }

    void resetStats() {
        for (double[] s : stats.values()) {
            Arrays.fill(s, 0);
        }
    }
}
