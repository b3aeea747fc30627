package io.mlaops.model.train;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.hgm.HgmVariant;
import io.mlaops.model.optim.OptimizerKind;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.optim.StepSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that determines a training run besides the data. Together with the data set's
 * content hash and the thread count it determines the result bitwise on CPU.
 *
 * @param method mla, joint or unimodal
 * @param hgm HGM variant (MLA only; must be OFF for the baselines)
 * @param hgmAlpha alpha of the paper variant, > 0
 * @param optimizer update rule and its hyper-parameters
 * @param epochs number of epochs, >= 1
 * @param batchSize samples per batch, >= 1
 * @param seed seed of initialisation, shuffling and dropout
 * @param modalityOrder order of the modality steps in MLA; empty = declaration order
 * @param unimodalModality the modality of a unimodal run; empty otherwise
 * @param threads engine intra-op threads, >= 1 (part of the determinism contract)
 * @param hiddenWidths hidden layer widths of every encoder
 * @param featureDim encoder output size d (the head's input)
 * @param dropout encoder dropout in [0, 1)
 * @param idleEncoderDrift compatibility switch with the public code: also step the idle encoders
 *     (zero gradient, so only momentum and weight decay move them). Off by default.
 */
public record TrainerConfig(TrainingMethod method, HgmVariant hgm, double hgmAlpha,
        OptimizerSettings optimizer, int epochs, int batchSize, long seed, List<String> modalityOrder,
        String unimodalModality, int threads, List<Integer> hiddenWidths, int featureDim, float dropout,
        boolean idleEncoderDrift) {

    /** @throws IllegalArgumentException naming the first invalid value and the allowed range */
    public TrainerConfig {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(hgm, "hgm");
        Objects.requireNonNull(optimizer, "optimizer");
        modalityOrder = List.copyOf(modalityOrder);
        hiddenWidths = List.copyOf(hiddenWidths);
        unimodalModality = unimodalModality == null ? "" : unimodalModality;
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
            throw new IllegalArgumentException("feature dim " + featureDim + ": expected at least 1");
        }
        for (int w : hiddenWidths) {
            if (w < 1) {
                throw new IllegalArgumentException("hidden width " + w + ": expected at least 1");
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout " + dropout + ": expected 0 <= dropout < 1");
        }
        if (!(hgmAlpha > 0)) {
            throw new IllegalArgumentException("HGM alpha " + hgmAlpha + ": expected > 0");
        }
        if (method != TrainingMethod.MLA && hgm != HgmVariant.OFF) {
            throw new IllegalArgumentException("HGM " + hgm.name().toLowerCase(Locale.ROOT)
                    + " applies to method mla only: use hgm off with method " + method.id());
        }
        if (method == TrainingMethod.UNIMODAL && unimodalModality.isEmpty()) {
            throw new IllegalArgumentException("method unimodal needs a modality: expected one of the data set's modalities");
        }
        if (method != TrainingMethod.UNIMODAL && !unimodalModality.isEmpty()) {
            throw new IllegalArgumentException("a modality ('" + unimodalModality + "') is only allowed with method unimodal");
        }
    }

    /** @return a builder with the defaults (MLA, HGM paper, Adam 1e-3, 20 epochs, batch 64) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks the config against a data set.
     *
     * @param ds the data set to train on
     * @return the modalities that take steps, in step order
     * @throws DatasetValidationException naming an unknown or duplicate modality
     */
    public List<String> resolveModalities(MultimodalDataset ds) {
        if (method == TrainingMethod.UNIMODAL) {
            ds.requireModality(unimodalModality);
            return List.of(unimodalModality);
        }
        if (modalityOrder.isEmpty()) {
            return ds.modalityNames();
        }
        List<String> order = new ArrayList<>();
        for (String m : modalityOrder) {
            ds.requireModality(m);
            if (order.contains(m)) {
                throw new DatasetValidationException("modality order lists '" + m + "' twice");
            }
            order.add(m);
        }
        if (order.size() != ds.modalities().size()) {
            List<String> missing = new ArrayList<>(ds.modalityNames());
            missing.removeAll(order);
            throw new DatasetValidationException("modality order " + order + " leaves out " + missing
                    + ": expected every modality of data set '" + ds.name() + "' once");
        }
        return order;
    }

    /**
     * Flat, stable key/value view (MLflow params, checkpoints, config hash). Keys are sorted by
     * insertion order; {@link #fromParams} reads it back.
     *
     * @return the parameters
     */
    public Map<String, String> toParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("method", method.id());
        p.put("hgm", hgm.name().toLowerCase(Locale.ROOT));
        p.put("hgm_alpha", Double.toString(hgmAlpha));
        p.put("optimizer", optimizer.kind().name().toLowerCase(Locale.ROOT));
        p.put("lr", Double.toString(optimizer.learningRate()));
        p.put("momentum", Double.toString(optimizer.momentum()));
        p.put("weight_decay", Double.toString(optimizer.weightDecay()));
        p.put("beta1", Double.toString(optimizer.beta1()));
        p.put("beta2", Double.toString(optimizer.beta2()));
        p.put("epsilon", Double.toString(optimizer.epsilon()));
        p.put("lr_step_epochs", Integer.toString(optimizer.schedule().stepEpochs()));
        p.put("lr_gamma", Double.toString(optimizer.schedule().gamma()));
        p.put("epochs", Integer.toString(epochs));
        p.put("batch_size", Integer.toString(batchSize));
        p.put("seed", Long.toString(seed));
        p.put("modality_order", String.join(",", modalityOrder));
        p.put("modality", unimodalModality);
        p.put("threads", Integer.toString(threads));
        p.put("hidden", joinInts(hiddenWidths));
        p.put("feature_dim", Integer.toString(featureDim));
        p.put("dropout", Float.toString(dropout));
        p.put("idle_encoder_drift", Boolean.toString(idleEncoderDrift));
        return p;
    }

    /**
     * @param p parameters as written by {@link #toParams}
     * @return the config
     * @throws IllegalArgumentException for a missing key or a bad value
     */
    public static TrainerConfig fromParams(Map<String, String> p) {
        OptimizerSettings opt = new OptimizerSettings(OptimizerKind.parse(req(p, "optimizer")),
                dbl(p, "lr"), dbl(p, "momentum"), dbl(p, "weight_decay"), dbl(p, "beta1"),
                dbl(p, "beta2"), dbl(p, "epsilon"),
                new StepSchedule(Integer.parseInt(req(p, "lr_step_epochs")), dbl(p, "lr_gamma")));
        return new TrainerConfig(TrainingMethod.parse(req(p, "method")), HgmVariant.parse(req(p, "hgm")),
                dbl(p, "hgm_alpha"), opt, Integer.parseInt(req(p, "epochs")),
                Integer.parseInt(req(p, "batch_size")), Long.parseLong(req(p, "seed")),
                splitList(req(p, "modality_order")), req(p, "modality"),
                Integer.parseInt(req(p, "threads")), parseInts(req(p, "hidden")),
                Integer.parseInt(req(p, "feature_dim")), Float.parseFloat(req(p, "dropout")),
                Boolean.parseBoolean(req(p, "idle_encoder_drift")));
    }

    /** @return a copy with another epoch count */
    public TrainerConfig withEpochs(int n) {
        return new TrainerConfig(method, hgm, hgmAlpha, optimizer, n, batchSize, seed, modalityOrder,
                unimodalModality, threads, hiddenWidths, featureDim, dropout, idleEncoderDrift);
    }

    private static String req(Map<String, String> p, String k) {
        String v = p.get(k);
        if (v == null) {
            throw new IllegalArgumentException("trainer config lacks '" + k + "'");
        }
        return v;
    }

    private static double dbl(Map<String, String> p, String k) {
        return Double.parseDouble(req(p, k));
    }

    private static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    static List<Integer> parseInts(String s) {
        List<Integer> out = new ArrayList<>();
        for (String part : splitList(s)) {
            try {
                out.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("width '" + part + "' is not an integer: expected e.g. 128,64", e);
            }
        }
        return out;
    }

    private static String joinInts(List<Integer> v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(v.get(i));
        }
        return b.toString();
    }

    /** Builder with defaults that train well on the built-in data sets. */
    public static final class Builder {
        private TrainingMethod method = TrainingMethod.MLA;
        private HgmVariant hgm = HgmVariant.PAPER;
        private double hgmAlpha = 1.0;
        private OptimizerSettings optimizer = OptimizerSettings.adam(1e-3, 1e-4);
        private int epochs = 20;
        private int batchSize = 64;
        private long seed = 0;
        private List<String> modalityOrder = List.of();
        private String unimodalModality = "";
        private int threads = 1;
        private List<Integer> hiddenWidths = List.of(128);
        private int featureDim = 64;
        private float dropout = 0.1f;
        private boolean idleEncoderDrift = false;

        public Builder method(TrainingMethod v) {
            method = v;
            if (v != TrainingMethod.MLA) {
                hgm = HgmVariant.OFF;
            }
            return this;
        }

        public Builder hgm(HgmVariant v) {
            hgm = v;
            return this;
        }

        public Builder hgmAlpha(double v) {
            hgmAlpha = v;
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

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder modalityOrder(List<String> v) {
            modalityOrder = v;
            return this;
        }

        public Builder unimodalModality(String v) {
            unimodalModality = v;
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

        public Builder idleEncoderDrift(boolean v) {
            idleEncoderDrift = v;
            return this;
        }

        /** @return the validated config */
        public TrainerConfig build() {
            return new TrainerConfig(method, hgm, hgmAlpha, optimizer, epochs, batchSize, seed,
                    modalityOrder, unimodalModality, threads, hiddenWidths, featureDim, dropout,
                    idleEncoderDrift);
        }
    }
}
