package io.mlaops.model.train;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.nn.EncoderSettings;
import io.mlaops.model.nn.Encoders;
import io.mlaops.model.optim.OptimizerKind;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.optim.StepSchedule;
import io.mlaops.model.options.OptionSet;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The trainer settings every recipe shares (what a cell trains with, besides its recipe, variant,
 * modality and seed: see {@link io.mlaops.model.recipe.CellSpec}). Together with the cell, the data
 * set's content hash and the thread count it determines the result bitwise on CPU.
 *
 * <p>{@link #OPTIONS} declares every setting once (name, type, default, help): the command line's
 * flags and defaults, the sweep spec's {@code trainer:} keys and the MLflow params all read it, so
 * {@code mla train} and a sweep train the same model from the same settings.
 *
 * @param optimizer update rule and its hyper-parameters
 * @param epochs number of epochs, >= 1
 * @param batchSize samples per batch, >= 1
 * @param threads engine intra-op threads, >= 1 (part of the determinism contract)
 * @param hiddenWidths hidden layer widths of every encoder
 * @param featureDim encoder output size d (the head's input)
 * @param dropout encoder dropout in [0, 1)
 * @param modalityOrder order of the modality steps of alternating recipes; empty = declaration
 *     order
 * @param encoders which encoder each modality gets ({@link Encoders}: the MLP by default) and the
 *     options of the encoders in use
 */
public record TrainerConfig(
        OptimizerSettings optimizer,
        int epochs,
        int batchSize,
        int threads,
        List<Integer> hiddenWidths,
        int featureDim,
        float dropout,
        List<String> modalityOrder,
        EncoderSettings encoders) {

    /**
     * Every trainer setting with its default. The learning-rate step is 70 epochs (StepLR with
     * gamma 0.1, the public MLA code's schedule and the command line's documented default): with
     * the shipped 20-epoch specs it never fires, so it changes no published number, and a long run
     * decays as the reference code does. Set {@code lr_gamma: 1} for a constant rate.
     */
    /** The widest hidden layer (and feature dimension) a configuration may ask for. */
    public static final int MAX_WIDTH = 1 << 16;

    /** The most hidden layers an encoder may have. */
    public static final int MAX_HIDDEN_LAYERS = 16;

    public static final OptionSet OPTIONS =
            withEncoders(
                    OptionSpec.range("epochs", OptionType.INT, 20, 1, 1_000_000, "Training epochs"),
                    OptionSpec.range(
                            "batch_size", OptionType.INT, 64, 1, 1 << 20, "Samples per batch"),
                    OptionSpec.choice(
                            "optimizer", "adam", List.of("sgd", "adam", "adamw"), "Update rule"),
                    OptionSpec.of("lr", OptionType.DOUBLE, 1e-3, "Learning rate"),
                    OptionSpec.of("momentum", OptionType.DOUBLE, 0.9, "SGD momentum"),
                    OptionSpec.of(
                            "weight_decay",
                            OptionType.DOUBLE,
                            1e-4,
                            "Weight decay (L2; decoupled for adamw)"),
                    OptionSpec.of("beta1", OptionType.DOUBLE, 0.9, "Adam beta1"),
                    OptionSpec.of("beta2", OptionType.DOUBLE, 0.999, "Adam beta2"),
                    OptionSpec.of("epsilon", OptionType.DOUBLE, 1e-8, "Adam epsilon"),
                    OptionSpec.range(
                            "lr_step",
                            OptionType.INT,
                            70,
                            1,
                            Integer.MAX_VALUE,
                            "Epochs between learning-rate decays (StepLR)"),
                    OptionSpec.of(
                            "lr_gamma",
                            OptionType.DOUBLE,
                            0.1,
                            "StepLR decay factor (1 = constant rate)"),
                    OptionSpec.of(
                            "hidden",
                            OptionType.INT_LIST,
                            "128",
                            "Encoder hidden widths (each 1..65536, at most 16 layers)"),
                    OptionSpec.range(
                            "feature_dim",
                            OptionType.INT,
                            64,
                            1,
                            MAX_WIDTH,
                            "Encoder output size d (the head's input)"),
                    OptionSpec.of("dropout", OptionType.DOUBLE, 0.1, "Encoder dropout"),
                    OptionSpec.of(
                            "modality_order",
                            OptionType.NAME_LIST,
                            "",
                            "Order of the modality steps of alternating recipes; empty = declaration order"),
                    OptionSpec.range(
                            "threads",
                            OptionType.INT,
                            1,
                            1,
                            4096,
                            "Engine threads (part of determinism)"));

    /**
     * @return the settings above, then {@code encoder} and every encoder's options (declared by the
     *     encoders in {@link Encoders})
     */
    private static OptionSet withEncoders(OptionSpec... settings) {
        List<OptionSpec> all = new ArrayList<>(List.of(settings));
        all.add(Encoders.CHOICE);
        all.addAll(Encoders.options());
        return new OptionSet(all);
    }

    /** The settings with the MLP encoders (every config before encoders were chosen). */
    public TrainerConfig(
            OptimizerSettings optimizer,
            int epochs,
            int batchSize,
            int threads,
            List<Integer> hiddenWidths,
            int featureDim,
            float dropout,
            List<String> modalityOrder) {
        this(
                optimizer,
                epochs,
                batchSize,
                threads,
                hiddenWidths,
                featureDim,
                dropout,
                modalityOrder,
                EncoderSettings.MLP);
    }

    /**
     * @throws IllegalArgumentException naming the first invalid value and the allowed range
     */
    public TrainerConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        // a sweep payload recorded before encoders existed has none: the MLP it trained with
        encoders = encoders == null ? EncoderSettings.MLP : encoders;
        modalityOrder = List.copyOf(modalityOrder);
        hiddenWidths = List.copyOf(hiddenWidths);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs " + epochs + ": expected at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + ": expected at least 1");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + ": expected at least 1");
        }
        if (featureDim < 1) {
            throw new IllegalArgumentException(
                    "feature dim " + featureDim + ": expected at least 1");
        }
        if (hiddenWidths.size() > MAX_HIDDEN_LAYERS) {
            throw new IllegalArgumentException(
                    "hidden: "
                            + hiddenWidths.size()
                            + " layers: expected at most "
                            + MAX_HIDDEN_LAYERS);
        }
        for (int w : hiddenWidths) {
            if (w < 1 || w > MAX_WIDTH) {
                throw new IllegalArgumentException(
                        "hidden width " + w + ": expected 1.." + MAX_WIDTH);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(
                    "dropout " + dropout + ": expected 0 <= dropout < 1");
        }
        List<String> seen = new ArrayList<>();
        for (String m : modalityOrder) {
            if (seen.contains(m)) {
                throw new IllegalArgumentException("modality order lists '" + m + "' twice");
            }
            seen.add(m);
        }
    }

    /**
     * @return the defaults of {@link #OPTIONS}
     */
    public static TrainerConfig defaults() {
        return fromParams(Map.of());
    }

    /**
     * @return a builder starting from {@link #defaults()}
     */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /**
     * @return a builder starting from this config
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The step order for a data set's modalities.
     *
     * @param modalities the data set's modality names, in declaration order
     * @param dataset the data set's name (for messages)
     * @return {@code modalities} in the configured order
     * @throws DatasetValidationException naming an unknown modality or one left out
     */
    public List<String> stepOrder(List<String> modalities, String dataset) {
        if (modalityOrder.isEmpty()) {
            return List.copyOf(modalities);
        }
        for (String m : modalityOrder) {
            if (!modalities.contains(m)) {
                throw new DatasetValidationException(
                        "modality_order names '"
                                + m
                                + "', which data set '"
                                + dataset
                                + "' does not have: expected one of "
                                + modalities);
            }
        }
        if (modalityOrder.size() != modalities.size()) {
            List<String> missing = new ArrayList<>(modalities);
            missing.removeAll(modalityOrder);
            throw new DatasetValidationException(
                    "modality_order "
                            + modalityOrder
                            + " leaves out "
                            + missing
                            + ": expected every modality of data set '"
                            + dataset
                            + "' once");
        }
        return modalityOrder;
    }

    /**
     * The settings as text, keyed by the names of {@link #OPTIONS}, canonical ({@link #fromParams}
     * reads them back): MLflow params, checkpoints and the config hash use this one form.
     *
     * @return the parameters in declaration order
     */
    public Map<String, String> toParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("epochs", Integer.toString(epochs));
        p.put("batch_size", Integer.toString(batchSize));
        p.put("optimizer", optimizer.kind().name().toLowerCase(Locale.ROOT));
        p.put("lr", Double.toString(optimizer.learningRate()));
        p.put("momentum", Double.toString(optimizer.momentum()));
        p.put("weight_decay", Double.toString(optimizer.weightDecay()));
        p.put("beta1", Double.toString(optimizer.beta1()));
        p.put("beta2", Double.toString(optimizer.beta2()));
        p.put("epsilon", Double.toString(optimizer.epsilon()));
        p.put("lr_step", Integer.toString(optimizer.schedule().stepEpochs()));
        p.put("lr_gamma", Double.toString(optimizer.schedule().gamma()));
        p.put("hidden", String.join(",", hiddenWidths.stream().map(String::valueOf).toList()));
        p.put("feature_dim", Integer.toString(featureDim));
        p.put("dropout", Float.toString(dropout));
        p.put("modality_order", String.join(",", modalityOrder));
        p.put("threads", Integer.toString(threads));
        p.putAll(encoders.toParams());
        return p;
    }

    /**
     * @param given settings by name (text); missing ones take their default
     * @return the config
     * @throws IllegalArgumentException naming an unknown key, a value of the wrong type (with its
     *     key) or a value out of range
     */
    public static TrainerConfig fromParams(Map<String, String> given) {
        return fromParams(given, "trainer");
    }

    /**
     * @param where prefix naming the place in messages (e.g. {@code trainer})
     * @see #fromParams(Map)
     */
    public static TrainerConfig fromParams(Map<String, String> given, String where) {
        Map<String, String> p = OPTIONS.complete(given, where);
        try {
            OptimizerSettings opt =
                    new OptimizerSettings(
                            OptimizerKind.parse(p.get("optimizer")),
                            OptionSet.doubleValue(p, "lr"),
                            OptionSet.doubleValue(p, "momentum"),
                            OptionSet.doubleValue(p, "weight_decay"),
                            OptionSet.doubleValue(p, "beta1"),
                            OptionSet.doubleValue(p, "beta2"),
                            OptionSet.doubleValue(p, "epsilon"),
                            new StepSchedule(
                                    OptionSet.intValue(p, "lr_step"),
                                    OptionSet.doubleValue(p, "lr_gamma")));
            List<Integer> hidden = new ArrayList<>();
            OptionSpec.split(p.get("hidden")).forEach(s -> hidden.add(Integer.parseInt(s)));
            Map<String, String> encoderOptions = new LinkedHashMap<>();
            for (OptionSpec o : Encoders.options()) {
                if (given.containsKey(o.name())) {
                    encoderOptions.put(o.name(), p.get(o.name()));
                }
            }
            return new TrainerConfig(
                    opt,
                    OptionSet.intValue(p, "epochs"),
                    OptionSet.intValue(p, "batch_size"),
                    OptionSet.intValue(p, "threads"),
                    hidden,
                    OptionSet.intValue(p, "feature_dim"),
                    (float) OptionSet.doubleValue(p, "dropout"),
                    OptionSpec.split(p.get("modality_order")),
                    EncoderSettings.parse(p.get(Encoders.CHOICE.name()), encoderOptions));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where.isEmpty() ? e.getMessage() : where + ": " + e.getMessage(), e);
        }
    }

    /** Builder starting from given settings (tests, benchmarks, the command line). */
    public static final class Builder {
        private OptimizerSettings optimizer;
        private int epochs;
        private int batchSize;
        private int threads;
        private List<Integer> hiddenWidths;
        private int featureDim;
        private float dropout;
        private List<String> modalityOrder;
        private EncoderSettings encoders;

        private Builder(TrainerConfig c) {
            optimizer = c.optimizer;
            epochs = c.epochs;
            batchSize = c.batchSize;
            threads = c.threads;
            hiddenWidths = c.hiddenWidths;
            featureDim = c.featureDim;
            dropout = c.dropout;
            modalityOrder = c.modalityOrder;
            encoders = c.encoders;
        }

        public Builder encoders(EncoderSettings v) {
            encoders = v;
            return this;
        }

        /**
         * @param setting the {@code encoder} setting, e.g. {@code resnet} or {@code image=lenet}
         * @param options options of the encoders it names (the others take their defaults)
         */
        public Builder encoders(String setting, Map<String, String> options) {
            encoders = EncoderSettings.parse(setting, options);
            return this;
        }

        public Builder optimizer(OptimizerSettings v) {
            optimizer = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder hiddenWidths(List<Integer> v) {
            hiddenWidths = v;
            return this;
        }

        public Builder featureDim(int v) {
            featureDim = v;
            return this;
        }

        public Builder dropout(float v) {
            dropout = v;
            return this;
        }

        public Builder modalityOrder(List<String> v) {
            modalityOrder = v;
            return this;
        }

        /**
         * @return the validated config
         */
        public TrainerConfig build() {
            return new TrainerConfig(
                    optimizer,
                    epochs,
                    batchSize,
                    threads,
                    hiddenWidths,
                    featureDim,
                    dropout,
                    modalityOrder,
                    encoders);
        }
    }
}
