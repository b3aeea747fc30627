package io.mlaops.infra.cli;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.fusion.FusionMode;
import io.mlaops.model.optim.OptimizerKind;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.optim.StepSchedule;
import io.mlaops.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags shared by {@code train} and {@code ablate}: data, optimizer, network, evaluation. */
final class TrainingOptions {
    @Option(names = "--dataset", defaultValue = "synthetic",
            description = "'synthetic' (built-in imbalanced task) or a data set folder with manifest.json. Default: ${DEFAULT-VALUE}")
    String dataset;

    @Option(names = "--data-seed", defaultValue = "0", description = "Seed of the synthetic data set. Default: ${DEFAULT-VALUE}")
    long dataSeed;

    @Option(names = "--epochs", defaultValue = "20", description = "Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, adam or adamw. Default: ${DEFAULT-VALUE}")
    String optimizer;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate. Default: ${DEFAULT-VALUE}")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum. Default: ${DEFAULT-VALUE}")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "Default: ${DEFAULT-VALUE}")
    double weightDecay;

    @Option(names = "--lr-step", defaultValue = "70", description = "Epochs between lr decays (StepLR). Default: ${DEFAULT-VALUE}")
    int lrStep;

    @Option(names = "--lr-gamma", defaultValue = "0.1", description = "StepLR decay factor. Default: ${DEFAULT-VALUE}")
    double lrGamma;

    @Option(names = "--hidden", defaultValue = "128", split = ",", description = "Encoder hidden widths. Default: ${DEFAULT-VALUE}")
    List<Integer> hidden;

    @Option(names = "--feature-dim", defaultValue = "64", description = "Encoder output size d. Default: ${DEFAULT-VALUE}")
    int featureDim;

    @Option(names = "--dropout", defaultValue = "0.1", description = "Encoder dropout. Default: ${DEFAULT-VALUE}")
    float dropout;

    @Option(names = "--hgm-alpha", defaultValue = "1.0", description = "HGM alpha (paper variant). Default: ${DEFAULT-VALUE}")
    double hgmAlpha;

    @Option(names = "--modality-order", split = ",", description = "Order of MLA's modality steps. Default: declaration order")
    List<String> modalityOrder = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "1",
            description = "Engine threads (part of determinism), 1 to this machine's processors. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--fusion-weights", split = ",", description = "Fixed-fusion weights, one per modality. Default: equal")
    List<Double> fusionWeights = new ArrayList<>();

    @Option(names = "--df", defaultValue = "sample",
            description = "Dynamic fusion: 'sample' (per sample, the paper) or 'batch' (public code's per-batch softmax). Default: ${DEFAULT-VALUE}")
    String df;

    @Option(names = "--df-batch-size", defaultValue = "64", description = "Test batch size of --df batch. Default: ${DEFAULT-VALUE}")
    int dfBatchSize;

    @Option(names = "--idle-encoder-drift", description = "Compatibility with the public code: let idle encoders drift.")
    boolean idleEncoderDrift;

    /** @return the data set named by --dataset */
    MultimodalDataset loadDataset() throws java.io.IOException {
        if ("synthetic".equals(dataset)) {
            return SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(dataSeed));
        }
        return DatasetLocator.load(dataset);
    }

    /**
     * @return the base trainer config (method and HGM are set by the caller)
     * @throws IllegalArgumentException if --threads is outside 1..processors (more threads than
     *     processors only slow the engine down, and thousands of them hang it)
     */
    TrainerConfig.Builder trainerConfig() {
        int max = java.lang.Runtime.getRuntime().availableProcessors();
        if (threads < 1 || threads > max) {
            throw new IllegalArgumentException("--threads " + threads + ": expected 1 to " + max + " (the processors of this machine)");
        }
        OptimizerSettings opt = new OptimizerSettings(OptimizerKind.parse(optimizer), lr, momentum, weightDecay,
                0.9, 0.999, 1e-8, new StepSchedule(lrStep, lrGamma));
        return TrainerConfig.builder().optimizer(opt).epochs(epochs).batchSize(batchSize).hiddenWidths(hidden)
                .featureDim(featureDim).dropout(dropout).hgmAlpha(hgmAlpha).modalityOrder(modalityOrder)
                .threads(threads).idleEncoderDrift(idleEncoderDrift);
    }

    /**
     * @param cfg the training config
     * @param ds the data set
     * @return the evaluation settings, checked against the modalities {@code cfg} fuses on {@code ds}
     * @throws IllegalArgumentException if --fusion-weights does not give one weight per fused modality
     */
    EvaluationConfig evaluationConfig(TrainerConfig cfg, MultimodalDataset ds) {
        EvaluationConfig e = evaluationConfig();
        List<String> fused = cfg.resolveModalities(ds);
        if (!fusionWeights.isEmpty() && fusionWeights.size() != fused.size()) {
            throw new IllegalArgumentException("--fusion-weights has " + fusionWeights.size() + " value(s): expected " + fused.size()
                    + ", one per fused modality in this order: " + String.join(", ", fused));
        }
        return e;
    }

    /** @return the evaluation settings (weights checked for range only) */
    EvaluationConfig evaluationConfig() {
        FusionMode mode = switch (df) {
            case "sample" -> FusionMode.DYNAMIC;
            case "batch" -> FusionMode.DYNAMIC_BATCH;
            default -> throw new IllegalArgumentException("--df '" + df + "': expected sample or batch");
        };
        double[] w = fusionWeights.stream().mapToDouble(Double::doubleValue).toArray();
        return new EvaluationConfig(w, mode, dfBatchSize);
    }
}
