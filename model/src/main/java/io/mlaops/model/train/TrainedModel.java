package io.mlaops.model.train;

import ai.djl.ndarray.NDManager;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.eval.Evaluator;
import io.mlaops.model.eval.MissingModalityResult;
import io.mlaops.model.eval.SplitOutputs;
import io.mlaops.model.nn.MultimodalNetwork;
import io.mlaops.model.recipe.Fusion;
import io.mlaops.model.recipe.Recipe;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model to score: the network and the recipe's trainer (for its own numbers, e.g.
 * MMPareto's heads) with the parameters of one epoch: the session's live ones ({@link
 * TrainingSession#lastModel()}) or those of the epoch selected on validation ({@link
 * TrainingSession#selectedModel()}). Closing it frees a copy it owns; the live one stays open.
 */
public final class TrainedModel implements AutoCloseable {
    private final MultimodalNetwork network;
    private final Trainer trainer;
    private final Recipe recipe;
    private final List<String> stepModalities;
    private final MultimodalDataset data;
    private final NDManager manager;
    private final boolean owned;

    TrainedModel(
            MultimodalNetwork network,
            Trainer trainer,
            Recipe recipe,
            List<String> stepModalities,
            MultimodalDataset data,
            NDManager manager,
            boolean owned) {
        this.network = network;
        this.trainer = trainer;
        this.recipe = recipe;
        this.stepModalities = stepModalities;
        this.data = data;
        this.manager = manager;
        this.owned = owned;
    }

    /**
     * @return outputs of the trained modalities on a split, read as the recipe declares
     */
    public SplitOutputs outputs(MultimodalSplit split) {
        return Evaluator.outputs(network, split, stepModalities, recipe.readout(), manager);
    }

    /**
     * @return the outputs on the test split, to score once with {@link #evaluate(EvaluationConfig,
     *     SplitOutputs)} and {@link #missingGrid}
     */
    public SplitOutputs testOutputs() {
        return outputs(data.test());
    }

    /**
     * @return the outputs on the validation split (empty when the data set has none)
     */
    public SplitOutputs validationOutputs() {
        return outputs(data.validation());
    }

    /**
     * @return test-split evaluation: the fusions the recipe declares (DF numbers are NaN where it
     *     declares none) and the recipe's own numbers
     */
    public EvaluationReport evaluate(EvaluationConfig cfg) {
        return evaluate(cfg, testOutputs());
    }

    /** As {@link #evaluate(EvaluationConfig)}, from {@link #testOutputs()} already computed. */
    public EvaluationReport evaluate(EvaluationConfig cfg, SplitOutputs test) {
        EvaluationReport r = Evaluator.evaluate(test, weighable(cfg));
        if (!recipe.fusions().contains(Fusion.DYNAMIC)) {
            r = r.withoutDynamicFusion();
        }
        try (NDManager temp = manager.newSubManager()) {
            return r.withExtra(trainer.extraMetrics(test, temp));
        }
    }

    /**
     * Missing-modality grid on the test split ({@link Evaluator#missingGrid}); empty with one
     * modality.
     *
     * @param cfg fusion settings
     * @param test {@link #testOutputs()}
     * @param fractions fractions of samples without a modality
     * @param seed seed choosing those samples
     * @return one result per (modality, fraction)
     */
    public List<MissingModalityResult> missingGrid(
            EvaluationConfig cfg, SplitOutputs test, double[] fractions, long seed) {
        if (fractions.length == 0 || stepModalities.size() < 2) {
            return List.of();
        }
        List<MissingModalityResult> grid =
                Evaluator.missingGrid(test, data.test(), weighable(cfg), fractions, seed);
        if (recipe.fusions().contains(Fusion.DYNAMIC)) {
            return grid;
        }
        List<MissingModalityResult> out = new ArrayList<>();
        grid.forEach(
                g ->
                        out.add(
                                new MissingModalityResult(
                                        g.modality(),
                                        g.fraction(),
                                        g.fixedAccuracy(),
                                        Double.NaN)));
        return out;
    }

    /**
     * @return {@code cfg}, without fixed-fusion weights for a model of one modality (nothing to
     *     weigh)
     */
    private EvaluationConfig weighable(EvaluationConfig cfg) {
        return stepModalities.size() == 1 && cfg.fixedWeights().length > 0
                ? new EvaluationConfig(new double[0], cfg.dynamicMode(), cfg.dynamicBatchSize())
                : cfg;
    }

    /**
     * @return the network with this model's parameters
     */
    public MultimodalNetwork network() {
        return network;
    }

    @Override
    public void close() {
        if (owned) {
            manager.close();
        }
    }
}
