package io.mlaops.model.recipe.mmpareto;

import ai.djl.ndarray.NDArray;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.train.GradientHook;
import io.mlaops.model.train.StepGradients;
import java.util.ArrayList;
import java.util.List;

/**
 * MMPareto's gradient hook: for every encoder of the step, combines the fused loss's gradient
 * (component {@link #FUSED}) and its own loss's gradient (component {@link #OWN}) by {@link
 * ParetoCombination}; heads keep their plain gradient.
 */
final class ParetoHook implements GradientHook {
    /** Component name of the fused loss's gradients. */
    static final String FUSED = "fused";

    /** Component name of the modality's own loss's gradients. */
    static final String OWN = "own";

    private final double scale;

    ParetoHook(double scale) {
        this.scale = scale;
    }

    @Override
    public void apply(StepGradients step) {
        for (String m : step.modalities()) {
            List<NamedParameter> ps = step.parameters("encoder." + m);
            if (ps.isEmpty()) {
                continue;
            }
            List<float[]> a = new ArrayList<>();
            List<float[]> c = new ArrayList<>();
            for (NamedParameter p : ps) {
                a.add(step.component(FUSED, p).toFloatArray());
                c.add(step.component(OWN, p).toFloatArray());
            }
            double[] v = ParetoCombination.products(a, c);
            double cos = ParetoCombination.cosine(v);
            // diagnostics, read only: the mean of the 0/1 is the share of conflicting steps
            step.context().diagnose("pareto_conflict_" + m, cos > 0 ? 0 : 1);
            step.context().diagnose("pareto_cos_" + m, cos);
            List<float[]> g = ParetoCombination.combine(a, c, scale, v);
            for (int i = 0; i < ps.size(); i++) {
                NDArray like = step.gradient(ps.get(i));
                step.set(ps.get(i), step.manager().create(g.get(i), like.getShape()));
            }
        }
    }
}
