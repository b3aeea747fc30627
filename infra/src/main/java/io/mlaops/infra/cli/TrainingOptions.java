package io.mlaops.infra.cli;

import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.kinds.DatasetContext;
import io.mlaops.model.data.kinds.DatasetKinds;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.fusion.FusionMode;
import io.mlaops.model.train.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Flags shared by {@code train}, {@code ablate} and {@code run}: data, trainer settings,
 * evaluation. Trainer flags have no defaults of their own: {@link RegistryFlags.TrainerDefaults}
 * supplies those of {@link TrainerConfig#OPTIONS}, the same a sweep uses.
 */
final class TrainingOptions {
    @Option(
            names = "--dataset",
            defaultValue = "synthetic",
            description =
                    "'synthetic' (built-in imbalanced task) or a data set folder with manifest.json. Default: ${DEFAULT-VALUE}")
    String dataset;

    @Option(
            names = "--data-seed",
            defaultValue = "0",
            description = "Seed of the synthetic data set. Default: ${DEFAULT-VALUE}")
    long dataSeed;

    @Option(names = "--epochs", description = "Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--batch-size", description = "Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--optimizer", description = "sgd, adam or adamw. Default: ${DEFAULT-VALUE}")
    String optimizer;

    @Option(names = "--lr", description = "Learning rate. Default: ${DEFAULT-VALUE}")
    double lr;

    @Option(names = "--momentum", description = "SGD momentum. Default: ${DEFAULT-VALUE}")
    double momentum;

    @Option(names = "--weight-decay", description = "Default: ${DEFAULT-VALUE}")
    double weightDecay;

    @Option(
            names = "--lr-step",
            description = "Epochs between lr decays (StepLR). Default: ${DEFAULT-VALUE}")
    int lrStep;

    @Option(
            names = "--lr-gamma",
            description = "StepLR decay factor (1 = constant rate). Default: ${DEFAULT-VALUE}")
    double lrGamma;

    @Option(
            names = "--hidden",
            description =
                    "Widths of every encoder's fully connected layers before d, comma-separated; --hidden= for none. Default: ${DEFAULT-VALUE}")
    String hidden;

    @Option(
            names = "--feature-dim",
            description = "Encoder output size d. Default: ${DEFAULT-VALUE}")
    int featureDim;

    @Option(names = "--dropout", description = "Encoder dropout. Default: ${DEFAULT-VALUE}")
    float dropout;

    @Option(
            names = "--modality-order",
            split = ",",
            description = "Order of MLA's modality steps. Default: declaration order")
    List<String> modalityOrder = new ArrayList<>();

    @Option(
            names = "--threads",
            description =
                    "Engine threads (part of determinism), 1 to this machine's processors. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(
            names = "--fusion-weights",
            split = ",",
            description = "Fixed-fusion weights, one per modality. Default: equal")
    List<Double> fusionWeights = new ArrayList<>();

    @Option(
            names = "--df",
            defaultValue = "sample",
            description =
                    "Dynamic fusion: 'sample' (per sample, the paper) or 'batch' (public code's per-batch softmax). Default: ${DEFAULT-VALUE}")
    String df;

    @Option(
            names = "--df-batch-size",
            defaultValue = "64",
            description = "Test batch size of --df batch. Default: ${DEFAULT-VALUE}")
    int dfBatchSize;

    /**
     * @return the data set's source as a sweep would name it: {@code synthetic} with its seed, or a
     *     folder
     */
    DatasetSource source() {
        if ("synthetic".equals(dataset)) {
            return new DatasetSource(
                    "synthetic", "synthetic", Map.of("seed", Long.toString(dataSeed)));
        }
        Path p = Path.of(dataset);
        String name =
                p.getFileName() == null
                        ? "dataset"
                        : p.getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "-");
        return new DatasetSource(
                "folder",
                name.isEmpty() ? "dataset" : name,
                Map.of("path", Files.isDirectory(p) ? p.toAbsolutePath().toString() : dataset));
    }

    /**
     * @return the data set named by --dataset, read as the staging worker would
     */
    MultimodalDataset loadDataset() throws java.io.IOException {
        DatasetSource s = source();
        DatasetKinds kinds = DatasetKinds.builtIn();
        DatasetContext ctx = DatasetContext.of(CliEnvironment.home());
        if ("folder".equals(s.kind())) {
            return DatasetLocator.load(dataset);
        }
        return kinds.get(s.kind()).build(kinds.check(s.kind(), s.options(), "--dataset", ctx), ctx);
    }

    /**
     * @param spec the command, for the encoder flags ({@link RegistryFlags#addTo})
     * @return the trainer settings of these flags (defaults: {@link TrainerConfig#OPTIONS})
     * @throws IllegalArgumentException if --threads is outside 1..processors (more threads than
     *     processors only slow the engine down, and thousands of them hang it)
     */
    TrainerConfig trainerConfig(picocli.CommandLine.Model.CommandSpec spec) {
        int max = java.lang.Runtime.getRuntime().availableProcessors();
        if (threads < 1 || threads > max) {
            throw new IllegalArgumentException(
                    "--threads "
                            + threads
                            + ": expected 1 to "
                            + max
                            + " (the processors of this machine)");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("epochs", Integer.toString(epochs));
        p.put("batch_size", Integer.toString(batchSize));
        p.put("optimizer", optimizer);
        p.put("lr", Double.toString(lr));
        p.put("momentum", Double.toString(momentum));
        p.put("weight_decay", Double.toString(weightDecay));
        p.put("lr_step", Integer.toString(lrStep));
        p.put("lr_gamma", Double.toString(lrGamma));
        p.put("hidden", hidden == null ? "" : hidden);
        p.put("feature_dim", Integer.toString(featureDim));
        p.put("dropout", Float.toString(dropout));
        p.put("modality_order", String.join(",", modalityOrder));
        p.put("threads", Integer.toString(threads));
        p.putAll(RegistryFlags.encoderOptions(spec));
        return TrainerConfig.fromParams(p, "");
    }

    /**
     * @param cell the cell to train
     * @param ds the data set
     * @return the evaluation settings, checked against the modalities {@code cell} fuses on {@code
     *     ds}
     * @throws IllegalArgumentException if --fusion-weights does not give one weight per fused
     *     modality
     */
    EvaluationConfig evaluationConfig(io.mlaops.model.recipe.CellSpec cell, MultimodalDataset ds) {
        EvaluationConfig e = evaluationConfig();
        List<String> fused = io.mlaops.model.train.TrainingSession.stepModalities(cell, ds);
        if (!fusionWeights.isEmpty() && fusionWeights.size() != fused.size()) {
            throw new IllegalArgumentException(
                    "--fusion-weights has "
                            + fusionWeights.size()
                            + " value(s): expected "
                            + fused.size()
                            + ", one per fused modality in this order: "
                            + String.join(", ", fused));
        }
        return e;
    }

    /**
     * @return the evaluation settings (weights checked for range only)
     */
    EvaluationConfig evaluationConfig() {
        double[] w = fusionWeights.stream().mapToDouble(Double::doubleValue).toArray();
        return new EvaluationConfig(w, FusionMode.dynamic(df), dfBatchSize);
    }
}
