package io.mlaops.model.recipe.ogm;

import ai.djl.ndarray.NDArray;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.train.GradientHook;
import io.mlaops.model.train.StepContext;
import io.mlaops.model.train.StepGradients;
import io.mlaops.model.util.SeededRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * On-the-fly gradient modulation as the gradient hook of a fused (joint) step: inside the
 * modulation window, every weight matrix of encoder m gets {@code g <- k_m g} (OGM) or {@code g <-
 * k_m g + eps}, {@code eps ~ N(0, sigma^2)} with {@code sigma = std(g) + 1e-8} of the un-modulated
 * gradient, fresh every step and for every modality (OGM-GE). The head, and the encoders' biases
 * unless asked, keep their plain gradient.
 *
 * <p>The noise is counter-based: drawn from (seed, epoch, batch, modality, parameter), so a run
 * resumed from a checkpoint draws the same noise as one that never stopped; the noise stream's
 * state is the position the checkpoint already holds.
 */
public final class OgmHook implements GradientHook {
    private static final long NOISE = 0x4f474d4745L; // "OGMGE"

    private final double alpha;
    private final boolean generalisation;
    private final int startEpoch;
    private final int endEpoch;
    private final boolean biases;

    /**
     * @param alpha modulation strength, >= 0
     * @param generalisation add the Gaussian noise (OGM-GE)
     * @param startEpoch first epoch of the window (0-based, inclusive)
     * @param endEpoch last epoch of the window (inclusive)
     * @param biases also modulate the encoders' biases
     */
    public OgmHook(
            double alpha, boolean generalisation, int startEpoch, int endEpoch, boolean biases) {
        this.alpha = alpha;
        this.generalisation = generalisation;
        this.startEpoch = startEpoch;
        this.endEpoch = endEpoch;
        this.biases = biases;
    }

    @Override
    public void apply(StepGradients step) {
        StepContext ctx = step.context();
        boolean inWindow = ctx.epoch() >= startEpoch && ctx.epoch() <= endEpoch;
        int[] labels = step.labels();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String m : step.modalities()) {
            if (step.parameters("encoder." + m).isEmpty()) {
                continue; // no sample of m in this batch: its encoder takes no step
            }
            NDArray z = step.logits(m);
            scores.put(
                    m,
                    OgmCoefficients.score(
                            z.toFloatArray(), (int) z.getShape().get(1), labels, step.present(m)));
        }
        Map<String, Double> ratios = OgmCoefficients.ratios(scores);
        // diagnostics in and outside the window (where k is 1: nothing is scaled), read only
        for (Map.Entry<String, Double> e : ratios.entrySet()) {
            ctx.diagnose("ogm_ratio_" + e.getKey(), e.getValue());
            ctx.diagnose(
                    "ogm_k_" + e.getKey(),
                    inWindow ? OgmCoefficients.coefficient(alpha, e.getValue()) : 1);
        }
        if (!inWindow) {
            return;
        }
        List<String> order = ctx.stepModalities();
        for (Map.Entry<String, Double> e : ratios.entrySet()) {
            String m = e.getKey();
            float k = (float) OgmCoefficients.coefficient(alpha, e.getValue());
            List<NamedParameter> ps = step.parameters("encoder." + m);
            for (int p = 0; p < ps.size(); p++) {
                NamedParameter param = ps.get(p);
                // weight matrices and convolution kernels; biases and batch-norm scales are 1-D
                boolean weight = param.array().getShape().dimension() >= 2;
                if (!weight && !biases) {
                    continue;
                }
                NDArray g = step.gradient(param);
                NDArray out = k == 1f ? g : g.mul(k);
                if (generalisation) {
                    float[] plain = g.toFloatArray();
                    double sigma = OgmCoefficients.noiseScale(plain);
                    SplittableRandom rnd = ctx.random(NOISE, order.indexOf(m), p);
                    float[] eps = new float[plain.length];
                    for (int i = 0; i < eps.length; i++) {
                        eps[i] = (float) (sigma * SeededRandom.gaussian(rnd));
                    }
                    out = out.add(step.manager().create(eps, g.getShape()));
                }
                step.set(param, out);
            }
        }
    }
}
