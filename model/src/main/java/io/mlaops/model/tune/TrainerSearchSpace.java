package io.mlaops.model.tune;

import java.util.List;

/**
 * The ranges of the trainer settings every recipe's search space shares (a recipe adds its own
 * options: {@link io.mlaops.model.recipe.Recipe#searchDimensions}). Chosen around the shared
 * defaults: the learning rate over two decades around Adam's 1e-3, weight decay from none to 1e-3
 * (the untuned table's MLA - joint gap on av-digits depends on it, docs/results.md), dropout from
 * none to 0.5.
 */
public final class TrainerSearchSpace {
    private TrainerSearchSpace() {}

    /** The shared dimensions, in declaration order. */
    public static final List<Dimension> SHARED =
            List.of(
                    Dimension.real("lr", 1e-4, 1e-2, Scale.LOG),
                    Dimension.choice("weight_decay", List.of(0.0, 1e-5, 1e-4, 1e-3)),
                    Dimension.real("dropout", 0.0, 0.5, Scale.LINEAR));
}
