package io.mlaops.model.recipe.mmpareto;

import io.mlaops.model.options.OptionSet;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import io.mlaops.model.recipe.ModalityReadout;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.train.Trainer;
import io.mlaops.model.train.TrainerParts;
import java.util.Map;

/**
 * MMPareto (ICML 2024, balancing-methods.md): multitask learning (fused loss plus one loss per
 * modality through its own head) where each encoder takes the Pareto combination of its two
 * gradients, enlarged. Its models also report each modality's accuracy through its own head.
 */
public final class MmParetoRecipe implements Recipe {
    private static final OptionSet OPTIONS =
            OptionSet.of(
                    OptionSpec.of(
                            "pareto_scale",
                            OptionType.DOUBLE,
                            1.5,
                            "MMPareto's gradient magnitude factor (the released gamma-scale, > 0)"));

    @Override
    public String id() {
        return "mmpareto";
    }

    @Override
    public String title() {
        return "MMPareto";
    }

    @Override
    public String summary() {
        return "fused and per-modality losses, each encoder's two gradients combined Pareto-wise and enlarged (ICML 2024)";
    }

    @Override
    public OptionSet options() {
        return OPTIONS;
    }

    @Override
    public void checkOptions(Map<String, String> options) {
        double s = OptionSet.doubleValue(options, "pareto_scale");
        if (!(s > 0)) {
            throw new IllegalArgumentException("pareto_scale " + s + ": expected > 0");
        }
    }

    /** The shared trainer settings and the gradient magnitude factor around the released 1.5. */
    @Override
    public java.util.List<io.mlaops.model.tune.Dimension> searchDimensions(String variant) {
        java.util.List<io.mlaops.model.tune.Dimension> out =
                new java.util.ArrayList<>(io.mlaops.model.tune.TrainerSearchSpace.SHARED);
        out.add(
                io.mlaops.model.tune.Dimension.real(
                        "pareto_scale", 1.0, 3.0, io.mlaops.model.tune.Scale.LINEAR));
        return out;
    }

    @Override
    public ModalityReadout readout() {
        return ModalityReadout.BIAS_SHARE;
    }

    @Override
    public Trainer trainer(TrainerParts parts) {
        return new MmParetoTrainer(
                parts,
                new ParetoHook(OptionSet.doubleValue(parts.cell().options(), "pareto_scale")));
    }
}
