package io.mlaops.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.eval.Evaluator;
import io.mlaops.model.eval.MissingModalityResult;
import io.mlaops.model.eval.SplitOutputs;
import io.mlaops.model.nn.MultimodalNetwork;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.optim.ParameterOptimizer;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Fusion;
import io.mlaops.model.recipe.Recipe;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training run of one {@link CellSpec} in progress: network, the recipe's trainer (with its extra
 * parameters and state, e.g. HGM's matrix or MMPareto's heads), optimizer state, position (epoch,
 * batch) and history. It runs epochs with the trainer, can be stopped by its listener after any
 * batch, written to a byte stream and restored (in another JVM) to continue bitwise where it
 * stopped.
 *
 * <p>All randomness is counter-based: initialisation from the seed, the shuffle of epoch e from
 * (seed, e), dropout from (seed, epoch, batch, modality), a recipe's own draws from (seed, purpose,
 * epoch, batch, ...). So the random state is the position alone, and "2 epochs, checkpoint,
 * restore, 2 more" equals "4 epochs" bitwise on CPU with the same thread count.
 *
 * <p>Not thread-safe. The engine allows one gradient collection at a time per process, so run one
 * session at a time per JVM.
 */
public final class TrainingSession implements AutoCloseable {
    private static final String MAGIC = "MLA-CHECKPOINT";

    /**
     * 3: adds the selection score and diagnostics of each history record, each optimizer state's
     * last learning rate, the epoch's diagnostic sums and the epoch selected on validation with its
     * state.
     */
    private static final int FORMAT = 3;

    private final CellSpec cell;
    private final TrainerConfig config;
    private final Recipe recipe;
    private final MultimodalDataset data;
    private final String dataHash;
    private final List<String> stepModalities;
    private final NDManager manager;
    private final MultimodalNetwork network;
    private final ParameterOptimizer optimizer;
    private final Trainer trainer;
    private final StepContext context;
    private final TrainedModel live;
    private final BestEpoch best = new BestEpoch();
    private final List<EpochRecord> history = new ArrayList<>();
    private int epoch;
    private int batch;

    private TrainingSession(
            CellSpec cell,
            MultimodalDataset data,
            String dataHash,
            Map<String, float[]> restoredParameters,
            ai.djl.Device device) {
        this.cell = cell;
        this.config = cell.trainer();
        this.recipe = cell.definition();
        this.data = data;
        this.dataHash = dataHash;
        recipe.combines()
                .ifPresent(
                        of -> {
                            throw new IllegalArgumentException(
                                    "method "
                                            + recipe.id()
                                            + " trains nothing of its own: it combines the "
                                            + of
                                            + " models of the same seed and settings (mla ablate"
                                            + " evaluates it next to them)");
                        });
        this.stepModalities = stepModalities(cell, data);
        this.manager = NDManager.newBaseManager(device);
        try {
            this.network = network(cell, data, manager, restoredParameters);
            this.optimizer = new ParameterOptimizer(config.optimizer(), manager);
            this.trainer =
                    recipe.trainer(
                            new TrainerParts(
                                    cell, network, manager, stepModalities, restoredParameters));
            this.context =
                    new StepContext(
                            cell, network, optimizer, data.train(), stepModalities, manager);
            this.live =
                    new TrainedModel(
                            network, trainer, recipe, stepModalities, data, manager, false);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The network of a cell on a data set, with parameter values from {@code restored}. */
    private static MultimodalNetwork network(
            CellSpec cell,
            MultimodalDataset data,
            NDManager manager,
            Map<String, float[]> restored) {
        TrainerConfig config = cell.trainer();
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        data.modalities().forEach(m -> shapes.put(m.name(), m.shape()));
        return new MultimodalNetwork(
                manager,
                shapes,
                config.encoders(),
                config.hiddenWidths(),
                config.featureDim(),
                data.numClasses(),
                config.dropout(),
                cell.seed(),
                restored);
    }

    /**
     * @param cell what to train
     * @param data validated data set
     * @return a fresh session at epoch 0
     * @throws io.mlaops.model.data.DatasetValidationException if the cell names a modality the data
     *     set lacks
     */
    public static TrainingSession create(CellSpec cell, MultimodalDataset data) {
        return create(cell, data, defaultDevice());
    }

    /**
     * As {@link #create(CellSpec, MultimodalDataset)} on a given device: parameters, optimizer
     * state, the method's state and every batch live there.
     *
     * @param device e.g. {@code Device.gpu(0)}; see {@link
     *     io.mlaops.model.device.ComputeDevice#resolve()}
     */
    public static TrainingSession create(
            CellSpec cell, MultimodalDataset data, ai.djl.Device device) {
        // a cell from a payload is plain data: checked against the registry here, where it trains
        return new TrainingSession(
                cell.validate(), data, DatasetFingerprint.sha256(data), Map.of(), device);
    }

    private static ai.djl.Device defaultDevice() {
        return Engine.getEngine("PyTorch").defaultDevice();
    }

    /**
     * @return the device this session's arrays live on
     */
    public ai.djl.Device device() {
        return manager.getDevice();
    }

    /**
     * @return the modalities a cell's recipe steps on this data set, in step order
     * @throws io.mlaops.model.data.DatasetValidationException naming an unknown or left-out
     *     modality
     */
    public static List<String> stepModalities(CellSpec cell, MultimodalDataset data) {
        if (cell.definition().perModality()) {
            data.requireModality(cell.modality());
            return List.of(cell.modality());
        }
        return cell.trainer().stepOrder(data.modalityNames(), data.name());
    }

    /**
     * Runs until all epochs are done or the listener asks to stop.
     *
     * @param listener progress and control
     * @return COMPLETED or STOPPED
     */
    public TrainingOutcome run(TrainingListener listener) {
        JniUtils.setNumThreads(config.threads());
        MultimodalSplit train = data.train();
        int n = train.size();
        int bs = config.batchSize();
        int batches = (n + bs - 1) / bs;
        while (epoch < config.epochs()) {
            if (listener.stopRequested()) {
                return TrainingOutcome.STOPPED;
            }
            long started = System.nanoTime();
            if (batch == 0) {
                listener.onEpochStart(epoch, config.epochs());
            }
            int[] order =
                    io.mlaops.model.util.SeededRandom.permutation(
                            n, Seeds.mix(cell.seed(), 0x53485546L, epoch));
            double lr =
                    config.optimizer()
                            .schedule()
                            .learningRate(config.optimizer().learningRate(), epoch);
            while (batch < batches) {
                if (listener.stopRequested()) {
                    return TrainingOutcome.STOPPED;
                }
                int from = batch * bs;
                int to = Math.min(n, from + bs);
                int[] rows = new int[to - from];
                System.arraycopy(order, from, rows, 0, rows.length);
                context.begin(epoch, batch, batches, lr);
                trainer.trainBatch(context, rows);
                checkFinite();
                batch++;
                listener.onBatchEnd(
                        epoch, batch - 1, batches, Collections.unmodifiableMap(context.lastLoss()));
            }
            EpochRecord record = finishEpoch(lr);
            history.add(record);
            best.offer(epoch, record.validationScore(), this::modelState);
            epoch++;
            batch = 0;
            context.resetStats();
            listener.onEpochEnd(record, System.nanoTime() - started);
        }
        return TrainingOutcome.COMPLETED;
    }

    private void checkFinite() {
        for (Map.Entry<String, Double> e : context.lastLoss().entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                throw new IllegalStateException(
                        "training diverged: loss of modality '"
                                + e.getKey()
                                + "' is "
                                + e.getValue()
                                + " at epoch "
                                + epoch
                                + ", batch "
                                + batch
                                + ": lower the learning rate (now "
                                + config.optimizer().learningRate()
                                + ")");
            }
        }
    }

    private EpochRecord finishEpoch(double lr) {
        SplitOutputs val = outputs(data.validation());
        Map<String, ModalityEpochMetrics> per = new LinkedHashMap<>();
        for (String m : stepModalities) {
            double[] s = context.stats().get(m);
            double trainLoss = s[2] == 0 ? Double.NaN : s[0] / s[2];
            double trainAcc = s[2] == 0 ? Double.NaN : s[1] / s[2];
            double[] lossAcc = lossAndAccuracy(val, m);
            per.put(m, new ModalityEpochMetrics(m, trainLoss, trainAcc, lossAcc[0], lossAcc[1]));
        }
        EvaluationReport r = Evaluator.evaluate(val, EvaluationConfig.defaults());
        double score =
                recipe.selectionFusion(cell.variant()) == Fusion.DYNAMIC
                        ? r.dynamicAccuracy()
                        : r.fixedAccuracy();
        return new EpochRecord(
                epoch, lr, per, r.fixedAccuracy(), score, context.diagnostics().means());
    }

    private static double[] lossAndAccuracy(SplitOutputs o, String m) {
        float[] z = o.logits().get(m);
        boolean[] p = o.present().get(m);
        int c = o.classes();
        double loss = 0;
        int correct = 0;
        int count = 0;
        for (int i = 0; i < o.size(); i++) {
            if (!p[i]) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int k = 0; k < c; k++) {
                if (z[i * c + k] > max) {
                    max = z[i * c + k];
                    arg = k;
                }
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.exp(z[i * c + k] - max);
            }
            loss += Math.log(sum) + max - z[i * c + o.labels()[i]];
            if (arg == o.labels()[i]) {
                correct++;
            }
            count++;
        }
        return count == 0
                ? new double[] {Double.NaN, Double.NaN}
                : new double[] {loss / count, (double) correct / count};
    }

    /**
     * @return outputs of the trained modalities on a split, read as the recipe declares (the
     *     current parameters)
     */
    public SplitOutputs outputs(MultimodalSplit split) {
        return live.outputs(split);
    }

    /**
     * @return test-split evaluation of the current parameters (see {@link TrainedModel#evaluate})
     */
    public EvaluationReport evaluate(EvaluationConfig cfg) {
        return live.evaluate(cfg);
    }

    /**
     * @return the current parameters' outputs on the test split
     */
    public SplitOutputs testOutputs() {
        return live.testOutputs();
    }

    /** As {@link #evaluate(EvaluationConfig)}, from {@link #testOutputs()} already computed. */
    public EvaluationReport evaluate(EvaluationConfig cfg, SplitOutputs test) {
        return live.evaluate(cfg, test);
    }

    /** The missing-modality grid of the current parameters: {@link TrainedModel#missingGrid}. */
    public List<MissingModalityResult> missingGrid(
            EvaluationConfig cfg, SplitOutputs test, double[] fractions, long seed) {
        return live.missingGrid(cfg, test, fractions, seed);
    }

    /**
     * @return the model as it is now (the last epoch's once training is complete); closing it
     *     changes nothing
     */
    public TrainedModel lastModel() {
        return live;
    }

    /**
     * The model of the epoch selected on validation ({@link #selection()}): a copy with that
     * epoch's parameters, or the current model when that epoch is the current state or nothing
     * could be selected (no validation split). Close it.
     *
     * @return the selected model
     */
    public TrainedModel selectedModel() {
        if (best.epoch() < 0 || (best.epoch() == epoch - 1 && batch == 0)) {
            return live;
        }
        NDManager copy = manager.newSubManager();
        try {
            MultimodalNetwork net = network(cell, data, copy, best.state());
            Trainer t =
                    recipe.trainer(new TrainerParts(cell, net, copy, stepModalities, best.state()));
            return new TrainedModel(net, t, recipe, stepModalities, data, copy, true);
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    /**
     * @return which epoch {@link #selectedModel()} is: the best validation score so far (ties: the
     *     earliest), or the last finished epoch when no epoch had a score
     * @throws IllegalStateException before the first epoch has finished
     */
    public ModelSelection selection() {
        if (history.isEmpty()) {
            throw new IllegalStateException("no epoch has finished yet: nothing to select");
        }
        double lastScore = history.get(history.size() - 1).validationScore();
        Fusion fusion = recipe.selectionFusion(cell.variant());
        if (best.epoch() < 0) {
            return new ModelSelection(
                    history.size() - 1, history.size(), Double.NaN, lastScore, false, fusion);
        }
        return new ModelSelection(
                best.epoch(), history.size(), best.score(), lastScore, true, fusion);
    }

    /**
     * @return what the evaluation needs of the current model, by name: every parameter (the
     *     network's and the trainer's own), copied
     */
    Map<String, float[]> modelState() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (NamedParameter p : parameters()) {
            out.put(p.name(), p.array().toFloatArray());
        }
        return out;
    }

    /**
     * @return every trained parameter: the network's, then the trainer's own
     */
    public List<NamedParameter> parameters() {
        List<NamedParameter> all = new ArrayList<>(network.parameters());
        all.addAll(trainer.extraParameters());
        return all;
    }

    /**
     * Writes the whole state: the cell, data hash, position, history, parameters (the network's and
     * the trainer's own), optimizer state and the state arrays of the trainer (e.g. HGM's matrix)
     * and of the network (batch norm's running statistics, the input shapes it was built for).
     *
     * @param out destination (not closed)
     * @throws IOException on write failure
     */
    public void writeCheckpoint(OutputStream out) throws IOException {
        DataOutputStream o = new DataOutputStream(out);
        o.writeUTF(MAGIC);
        o.writeInt(FORMAT);
        Map<String, String> params = cell.params();
        o.writeInt(params.size());
        for (Map.Entry<String, String> e : params.entrySet()) {
            o.writeUTF(e.getKey());
            o.writeUTF(e.getValue());
        }
        o.writeUTF(dataHash);
        o.writeInt(epoch);
        o.writeInt(batch);
        for (String m : stepModalities) {
            for (double v : context.stats().get(m)) {
                o.writeDouble(v);
            }
        }
        o.writeInt(history.size());
        for (EpochRecord r : history) {
            o.writeInt(r.epoch());
            o.writeDouble(r.learningRate());
            o.writeDouble(r.validationFusedAccuracy());
            o.writeDouble(r.validationScore());
            o.writeInt(r.diagnostics().size());
            for (Map.Entry<String, Double> d : r.diagnostics().entrySet()) {
                o.writeUTF(d.getKey());
                o.writeDouble(d.getValue());
            }
            o.writeInt(r.modalities().size());
            for (ModalityEpochMetrics m : r.modalities().values()) {
                o.writeUTF(m.modality());
                o.writeDouble(m.trainLoss());
                o.writeDouble(m.trainAccuracy());
                o.writeDouble(m.validationLoss());
                o.writeDouble(m.validationAccuracy());
            }
        }
        List<NamedParameter> ps = parameters();
        o.writeInt(ps.size());
        for (NamedParameter p : ps) {
            o.writeUTF(p.name());
            writeFloats(o, p.array().toFloatArray());
        }
        Map<String, ParameterOptimizer.ParameterState> states = optimizer.states();
        o.writeInt(states.size());
        for (Map.Entry<String, ParameterOptimizer.ParameterState> e : states.entrySet()) {
            o.writeUTF(e.getKey());
            o.writeLong(e.getValue().step());
            o.writeDouble(e.getValue().learningRate());
            writeFloats(o, e.getValue().first().toFloatArray());
            writeFloats(o, e.getValue().second().toFloatArray());
        }
        Map<String, ai.djl.ndarray.NDArray> state = new java.util.TreeMap<>(trainer.state());
        state.putAll(network.buffers()); // batch norm's running statistics, input shapes
        o.writeInt(state.size());
        for (Map.Entry<String, ai.djl.ndarray.NDArray> e :
                new java.util.TreeMap<>(state).entrySet()) {
            o.writeUTF(e.getKey());
            writeFloats(o, e.getValue().toFloatArray());
        }
        context.diagnostics().write(o);
        best.write(o);
        o.flush();
    }

    /**
     * Restores a session written by {@link #writeCheckpoint}.
     *
     * @param in source
     * @param data the same data set (checked by content hash)
     * @return the session, positioned where the checkpoint was taken
     * @throws CheckpointException if the stream is not a checkpoint or the data set differs
     * @throws IOException on read failure
     */
    public static TrainingSession restore(InputStream in, MultimodalDataset data)
            throws IOException {
        return restore(in, data, true, defaultDevice());
    }

    /**
     * As {@link #restore(InputStream, MultimodalDataset)} onto a given device (a checkpoint holds
     * plain numbers: one taken on a GPU restores on the CPU and the other way round).
     */
    public static TrainingSession restore(
            InputStream in, MultimodalDataset data, ai.djl.Device device) throws IOException {
        return restore(in, data, true, device);
    }

    /**
     * Restores a trained model to score it on another data set with the same modalities, dimensions
     * and classes (a newer version of the data): the content hash is not required to match. Do not
     * train on: use {@link #restore(InputStream, MultimodalDataset)} to resume.
     *
     * @throws CheckpointException if the data set's modalities or classes differ from the model's
     */
    public static TrainingSession restoreForEvaluation(InputStream in, MultimodalDataset data)
            throws IOException {
        return restore(in, data, false, defaultDevice());
    }

    /** As {@link #restoreForEvaluation(InputStream, MultimodalDataset)} onto a given device. */
    public static TrainingSession restoreForEvaluation(
            InputStream in, MultimodalDataset data, ai.djl.Device device) throws IOException {
        return restore(in, data, false, device);
    }

    private static TrainingSession restore(
            InputStream in, MultimodalDataset data, boolean sameData, ai.djl.Device device)
            throws IOException {
        DataInputStream i = new DataInputStream(in);
        String magic;
        try {
            magic = i.readUTF();
        } catch (IOException e) {
            throw new CheckpointException("not an MLA checkpoint: " + e.getMessage(), e);
        }
        if (!MAGIC.equals(magic)) {
            throw new CheckpointException(
                    "not an MLA checkpoint (header '" + magic + "', expected '" + MAGIC + "')");
        }
        int format = i.readInt();
        if (format != FORMAT) {
            throw new CheckpointException(
                    "checkpoint format "
                            + format
                            + " is not supported: expected "
                            + FORMAT
                            + (format == 2
                                    ? " (format 2 was written before selection on validation and"
                                            + " the optimizers' PyTorch formulas: train the cell"
                                            + " again)"
                                    : ""));
        }
        Map<String, String> params = new LinkedHashMap<>();
        int np = i.readInt();
        for (int k = 0; k < np; k++) {
            params.put(i.readUTF(), i.readUTF());
        }
        CellSpec config;
        try {
            config = CellSpec.fromParams(params);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(
                    "checkpoint describes no valid cell: " + e.getMessage(), e);
        }
        String hash = i.readUTF();
        String actual = DatasetFingerprint.sha256(data);
        if (sameData && !hash.equals(actual)) {
            throw new CheckpointException(
                    "checkpoint was taken on data set content "
                            + hash
                            + " but data set '"
                            + data.name()
                            + "' has content "
                            + actual);
        }
        int epoch = i.readInt();
        int batch = i.readInt();
        List<String> order = stepModalities(config, data);
        Map<String, double[]> stats = new LinkedHashMap<>();
        for (String m : order) {
            stats.put(m, new double[] {i.readDouble(), i.readDouble(), i.readDouble()});
        }
        List<EpochRecord> history = new ArrayList<>();
        int nh = i.readInt();
        for (int k = 0; k < nh; k++) {
            int e = i.readInt();
            double lr = i.readDouble();
            double fused = i.readDouble();
            double score = i.readDouble();
            Map<String, Double> diagnostics = new LinkedHashMap<>();
            int nd = i.readInt();
            for (int j = 0; j < nd; j++) {
                diagnostics.put(i.readUTF(), i.readDouble());
            }
            int nm = i.readInt();
            Map<String, ModalityEpochMetrics> per = new LinkedHashMap<>();
            for (int j = 0; j < nm; j++) {
                ModalityEpochMetrics m =
                        new ModalityEpochMetrics(
                                i.readUTF(),
                                i.readDouble(),
                                i.readDouble(),
                                i.readDouble(),
                                i.readDouble());
                per.put(m.modality(), m);
            }
            history.add(new EpochRecord(e, lr, per, fused, score, diagnostics));
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        int nParams = i.readInt();
        for (int k = 0; k < nParams; k++) {
            values.put(i.readUTF(), readFloats(i));
        }
        TrainingSession s;
        try {
            s = new TrainingSession(config, data, hash, values, device);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(
                    "the checkpoint's model does not fit data set '"
                            + data.name()
                            + "': "
                            + e.getMessage(),
                    e);
        }
        if (s.parameters().size() != nParams) {
            s.close();
            throw new CheckpointException(
                    "checkpoint has "
                            + nParams
                            + " parameters, the configured model "
                            + s.parameters().size());
        }
        Map<String, NamedParameter> byName = new LinkedHashMap<>();
        s.parameters().forEach(p -> byName.put(p.name(), p));
        for (String name : values.keySet()) {
            if (!byName.containsKey(name)) {
                s.close();
                throw new CheckpointException(
                        "checkpoint has parameter '"
                                + name
                                + "', which the configured model lacks");
            }
        }
        int nStates = i.readInt();
        for (int k = 0; k < nStates; k++) {
            String name = i.readUTF();
            long step = i.readLong();
            double lastLr = i.readDouble();
            float[] first = readFloats(i);
            float[] second = readFloats(i);
            NamedParameter p = byName.get(name);
            if (p == null) {
                s.close();
                throw new CheckpointException(
                        "checkpoint has optimizer state for unknown parameter '" + name + "'");
            }
            s.optimizer.restore(name, step, first, second, lastLr, p.array());
        }
        int nState = i.readInt();
        java.util.Set<String> expected = new java.util.TreeSet<>(s.trainer.state().keySet());
        expected.addAll(s.network.buffers().keySet());
        try {
            for (int k = 0; k < nState; k++) {
                String name = i.readUTF();
                float[] stateValues = readFloats(i);
                if (s.network.buffers().containsKey(name)) {
                    s.network.restoreBuffer(name, stateValues);
                } else {
                    s.trainer.restoreState(name, stateValues, s.manager);
                }
                expected.remove(name);
            }
        } catch (CheckpointException e) {
            s.close();
            throw e;
        } catch (IllegalArgumentException e) {
            s.close();
            throw new CheckpointException(
                    "the checkpoint's model does not fit data set '"
                            + data.name()
                            + "': "
                            + e.getMessage(),
                    e);
        }
        if (!expected.isEmpty()) {
            s.close();
            throw new CheckpointException(
                    "checkpoint lacks the state "
                            + expected
                            + " of the configured model and method");
        }
        try {
            s.context.diagnostics().read(i);
            s.best.read(i);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        s.epoch = epoch;
        s.batch = batch;
        s.history.addAll(history);
        stats.forEach((m, v) -> System.arraycopy(v, 0, s.context.stats().get(m), 0, 3));
        return s;
    }

    static void writeFloats(DataOutputStream o, float[] v) throws IOException {
        o.writeInt(v.length);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 4);
        b.asFloatBuffer().put(v);
        o.write(b.array());
    }

    static float[] readFloats(DataInputStream i) throws IOException {
        int n = i.readInt();
        if (n < 0 || n > (1 << 28)) {
            throw new CheckpointException("corrupt checkpoint: array length " + n);
        }
        byte[] raw = new byte[n * 4];
        i.readFully(raw);
        float[] v = new float[n];
        java.nio.ByteBuffer.wrap(raw).asFloatBuffer().get(v);
        return v;
    }

    /**
     * @return the cell being trained
     */
    public CellSpec cell() {
        return cell;
    }

    /**
     * @return its trainer settings
     */
    public TrainerConfig config() {
        return config;
    }

    /**
     * @return its recipe
     */
    public Recipe recipe() {
        return recipe;
    }

    public MultimodalDataset data() {
        return data;
    }

    /**
     * @return content hash of the training data (provenance)
     */
    public String dataHash() {
        return dataHash;
    }

    public MultimodalNetwork network() {
        return network;
    }

    public ParameterOptimizer optimizer() {
        return optimizer;
    }

    /**
     * @return modalities that take steps, in step order
     */
    public List<String> stepModalities() {
        return stepModalities;
    }

    /**
     * @return finished epochs' records
     */
    public List<EpochRecord> history() {
        return Collections.unmodifiableList(history);
    }

    /**
     * @return next epoch to run (= epochs finished)
     */
    public int epoch() {
        return epoch;
    }

    /**
     * @return next batch within the current epoch
     */
    public int batch() {
        return batch;
    }

    /**
     * @return whether every configured epoch has run
     */
    public boolean isComplete() {
        return epoch >= config.epochs();
    }

    /**
     * @return the manager that owns the parameters (for callers' temporaries)
     */
    public NDManager manager() {
        return manager;
    }

    /** For tests and benchmarks: the step context of the next batch. */
    public StepContext context() {
        return context;
    }

    /**
     * @return the recipe's trainer of this session (tests reach its hook through it)
     */
    public Trainer trainer() {
        return trainer;
    }

    @Override
    public void close() {
        manager.close();
    }
}
