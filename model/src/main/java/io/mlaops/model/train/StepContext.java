package io.mlaops.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.nn.MultimodalNetwork;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.optim.ParameterOptimizer;
import io.mlaops.model.recipe.CellSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a {@link Trainer} needs for one batch: the cell, the network, the optimizer, the training
 * split, this step's learning rate and counters, counter-based random streams, and helpers that
 * keep temporaries in a per-step manager (results of engine ops land in their first operand's
 * manager, so every step-scoped array is created from, or attached to, the step manager that the
 * trainer closes).
 */
public final class StepContext {
    private final CellSpec cell;
    private final MultimodalNetwork network;
    private final ParameterOptimizer optimizer;
    private final MultimodalSplit train;
    private final List<String> stepModalities;
    private final NDManager manager;
    private final Map<String, double[]> stats = new LinkedHashMap<>();
    private final Map<String, Double> lastLoss = new LinkedHashMap<>();
    private final EpochDiagnostics diagnostics = new EpochDiagnostics();
    private int epoch;
    private int batch;
    private int batches;
    private double learningRate;

    StepContext(
            CellSpec cell,
            MultimodalNetwork network,
            ParameterOptimizer optimizer,
            MultimodalSplit train,
            List<String> stepModalities,
            NDManager manager) {
        this.cell = cell;
        this.network = network;
        this.optimizer = optimizer;
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

    /**
     * @return the cell being trained (recipe, variant, options, settings)
     */
    public CellSpec cell() {
        return cell;
    }

    /**
     * @return zero-based epoch of this step
     */
    public int epoch() {
        return epoch;
    }

    /**
     * @return zero-based batch of this step within its epoch
     */
    public int batch() {
        return batch;
    }

    /**
     * @return batches per epoch
     */
    public int batches() {
        return batches;
    }

    /**
     * @return this step's learning rate
     */
    public double learningRate() {
        return learningRate;
    }

    public MultimodalNetwork network() {
        return network;
    }

    /**
     * @return modalities that take steps, in step order
     */
    public List<String> stepModalities() {
        return stepModalities;
    }

    /**
     * @return a new per-step manager; the caller closes it
     */
    public NDManager newStepManager() {
        return manager.newSubManager();
    }

    /**
     * Counter-based dropout generator of (seed, epoch, batch, modality index): independent of what
     * ran before, so a resumed run draws the same masks.
     */
    public SplittableRandom dropoutRandom(int modalityIndex) {
        return new SplittableRandom(
                Seeds.mix(cell.seed(), 0x44524f50L, epoch, batch, modalityIndex));
    }

    /**
     * A counter-based generator of (seed, purpose, epoch, batch, counters...): recipes draw their
     * randomness (e.g. OGM-GE's noise) here, so a resumed run draws the same numbers.
     *
     * @param purpose a constant that separates this stream from every other
     * @param counters further counters (modality index, parameter index, ...)
     * @return a fresh generator
     */
    public SplittableRandom random(long purpose, long... counters) {
        long[] parts = new long[counters.length + 3];
        parts[0] = purpose;
        parts[1] = epoch;
        parts[2] = batch;
        System.arraycopy(counters, 0, parts, 3, counters.length);
        return new SplittableRandom(Seeds.mix(cell.seed(), parts));
    }

    /**
     * @param step the step manager
     * @param labels labels of the step's rows
     * @return an empty set of this step's gradients, for a trainer to fill and its hook to rewrite
     */
    public StepGradients gradients(NDManager step, int[] labels) {
        return new StepGradients(this, step, labels);
    }

    /**
     * Applies the optimizer to every parameter of the step with its (possibly rewritten) gradient.
     * Parameters not in the step keep their values and optimizer state bitwise.
     */
    public void update(StepGradients g) {
        for (Map.Entry<String, NDArray> e : g.gradientsByName().entrySet()) {
            optimizer.update(g.parametersByName().get(e.getKey()), e.getValue(), learningRate);
        }
    }

    /**
     * @return whether {@code m} is present per row of {@code rows}
     */
    public boolean[] presence(String m, int[] rows) {
        boolean[] p = train.present(m);
        boolean[] out = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = p[rows[i]];
        }
        return out;
    }

    /**
     * @return the rows of {@code rows} that have modality {@code m}
     */
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

    /**
     * @return the features of {@code rows} for modality {@code m} as a (B, d_m) array in {@code
     *     step}
     */
    public NDArray features(String m, int[] rows, NDManager step) {
        int d = train.dimension(m);
        float[] src = train.features(m);
        float[] x = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(src, rows[i] * d, x, i * d, d);
        }
        return step.create(x, new Shape(rows.length, d));
    }

    /**
     * Runs modality {@code m}'s encoder over a batch in which some rows may lack it. An encoder
     * whose features depend on the batch (batch norm) sees only the rows that have {@code m}, so
     * the zeros of absent rows never enter its statistics; their features come back as zeros
     * (through a 0/1 selection matrix, which the gradient follows). Any other encoder runs over
     * every row, as it always has.
     *
     * @param m modality
     * @param x its features of every row (B, d_m), in the step manager
     * @param present per row, whether it has {@code m}
     * @param dropout the dropout generator of this pass
     * @param updateStatistics whether batch norm folds this batch into its running statistics
     * @return features (B, d)
     */
    public NDArray encode(
            String m,
            NDArray x,
            boolean[] present,
            SplittableRandom dropout,
            boolean updateStatistics) {
        io.mlaops.model.nn.Encoder e = network.encoder(m);
        int count = 0;
        for (boolean p : present) {
            count += p ? 1 : 0;
        }
        if (!e.batchDependent() || count == present.length) {
            return e.forward(x, dropout, updateStatistics);
        }
        NDManager step = x.getManager();
        if (count == 0) {
            return step.zeros(new Shape(present.length, network.featureDim()));
        }
        long[] rows = new long[count];
        float[] select = new float[present.length * count];
        int k = 0;
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                select[i * count + k] = 1f;
                rows[k++] = i;
            }
        }
        NDArray f = e.forward(x.get(step.create(rows)), dropout, updateStatistics);
        return step.create(select, new Shape(present.length, count)).matMul(f);
    }

    /**
     * @return labels of {@code rows}
     */
    public int[] labels(int[] rows) {
        int[] all = train.labels();
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = all[rows[i]];
        }
        return y;
    }

    /**
     * @return one-hot (B, C) targets in {@code step}
     */
    public NDArray oneHot(int[] labels, NDManager step) {
        int c = network.numClasses();
        float[] t = new float[labels.length * c];
        for (int i = 0; i < labels.length; i++) {
            t[i * c + labels[i]] = 1f;
        }
        return step.create(t, new Shape(labels.length, c));
    }

    /**
     * @return presence of {@code m} for {@code rows} as a (B, 1) 0/1 column in {@code step}
     */
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
        return logits.logSoftmax(1).mul(oneHot).sum().div(autogradScalar(logits, -b));
    }

    /**
     * A scalar operand for arithmetic that autograd differentiates, owned by {@code like}'s manager
     * (the step's), so it stays alive until the step closes, after the backward pass.
     *
     * <p>Why not {@code x.div(n)}: DJL's {@code NDArray.div(Number)} (likewise {@code mul}) wraps
     * {@code n} in an array backed by a Java direct buffer and closes it as soon as the forward op
     * returns, while PyTorch's autograd keeps that operand for the backward pass. A garbage
     * collection in between frees the buffer and the gradient reads freed memory: training then
     * differs from run to run, silently, in a busy JVM (a worker). Same value and type as {@code
     * div(Number)}, so the numbers are unchanged.
     *
     * @param like an array in the step's manager
     * @param value the scalar (a {@code long} scalar array, as {@code div(long)} makes)
     * @return the scalar array, closed with {@code like}'s manager
     */
    public static NDArray autogradScalar(NDArray like, long value) {
        return like.getManager().create(value);
    }

    /** As {@link #autogradScalar(NDArray, long)}, an {@code int} scalar. */
    public static NDArray autogradScalar(NDArray like, int value) {
        return like.getManager().create(value);
    }

    /**
     * @return how many rows' argmax equals the label
     */
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

    /**
     * The public code's drift (compatibility switch): steps the idle encoders with a zero gradient
     * so that momentum and weight decay move them.
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

    /**
     * Records one modality's mean cross-entropy and accuracy over the rows that have it (recipes
     * with a fused loss, where some rows lack the modality).
     *
     * @param m modality
     * @param z its logits (B, C), read only
     * @param mask (B, 1) 1 where the row has {@code m}
     * @param target one-hot labels (B, C)
     * @param y labels
     * @param present per row, whether it has {@code m}
     * @param count how many rows have {@code m} (> 0)
     */
    public void recordMasked(
            String m,
            NDArray z,
            NDArray mask,
            NDArray target,
            int[] y,
            boolean[] present,
            int count) {
        double loss =
                -z.logSoftmax(1).mul(target).sum(new int[] {1}, true).mul(mask).sum().getFloat()
                        / count;
        long[] pred = z.argMax(1).toLongArray();
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            if (present[i] && pred[i] == y[i]) {
                correct++;
            }
        }
        record(m, loss, correct, count);
    }

    /** Records one modality's loss and accuracy on {@code count} samples. */
    public void record(String m, double loss, int correct, int count) {
        double[] s = stats.get(m);
        s[0] += loss * count;
        s[1] += correct;
        s[2] += count;
        lastLoss.put(m, loss);
    }

    /**
     * Records one of the method's own numbers for this step (see {@link EpochDiagnostics} for the
     * names in use); the epoch's record holds the mean. Reading only: it must not change training.
     *
     * @param name stable name, e.g. {@code ogm_k_audio}
     * @param value this step's value
     */
    public void diagnose(String name, double value) {
        diagnostics.record(name, value);
    }

    Map<String, double[]> stats() {
        return stats;
    }

    EpochDiagnostics diagnostics() {
        return diagnostics;
    }

    Map<String, Double> lastLoss() {
        return lastLoss;
    }

    void resetStats() {
        for (double[] s : stats.values()) {
            Arrays.fill(s, 0);
        }
        diagnostics.reset();
    }
}
