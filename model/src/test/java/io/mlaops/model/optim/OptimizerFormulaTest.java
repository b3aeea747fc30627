package io.mlaops.model.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mlaops.model.nn.NamedParameter;
import org.junit.jupiter.api.Test;

/**
 * The update rules against torch.optim's documented formulas, computed by hand (in double, three
 * steps, the learning rate falling from 0.1 to 0.01 before the third as StepLR would): w0 = (1, -2,
 * 0.5), gradients (0.5, -0.1, 0), (0.2, 0.3, -0.4), (-0.3, 0.1, 0.25), weight decay 0.1, betas
 * (0.9, 0.999), momentum 0.9. Adam's epsilon is 0.1 so that where it is added matters.
 *
 * <ul>
 *   <li>Adam: {@code g += wd w; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr/(1-b1^t) m /
 *       (sqrt(v)/sqrt(1-b2^t) + eps)};
 *   <li>AdamW: {@code w *= 1 - lr wd}, then Adam without the L2 term;
 *   <li>SGD: {@code d = g + wd w; b = mu b + d (b = d at t = 1); w -= lr b}.
 * </ul>
 */
class OptimizerFormulaTest {
    private static final float[] W0 = {1.0f, -2.0f, 0.5f};
    private static final float[][] GRADS = {
        {0.5f, -0.1f, 0f}, {0.2f, 0.3f, -0.4f}, {-0.3f, 0.1f, 0.25f}
    };
    private static final double[] LR = {0.1, 0.1, 0.01};

    /** float rounding of a few operations on numbers of order 1 */
    private static final float TOL = 2e-6f;

    private static float[][] run(OptimizerSettings settings) {
        float[][] after = new float[GRADS.length][];
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterOptimizer opt = new ParameterOptimizer(settings, m);
            NDArray w = m.create(W0.clone());
            w.setRequiresGradient(true);
            NamedParameter p = new NamedParameter("w", "head", w);
            for (int t = 0; t < GRADS.length; t++) {
                try (NDManager step = m.newSubManager()) {
                    opt.update(p, step.create(GRADS[t]), LR[t]);
                }
                after[t] = w.toFloatArray();
            }
        }
        return after;
    }

    private static OptimizerSettings settings(OptimizerKind kind, double eps) {
        return new OptimizerSettings(kind, 0.1, 0.9, 0.1, 0.9, 0.999, eps, StepSchedule.constant());
    }

    @Test
    void adamAddsEpsilonAfterTheBiasCorrection() {
        float[][] w = run(settings(OptimizerKind.ADAM, 0.1));
        assertArrayEquals(new float[] {0.914285714f, -1.925f, 0.466666667f}, w[0], TOL);
        assertArrayEquals(new float[] {0.837728306f, -1.8987082f, 0.512717569f}, w[1], TOL);
        assertArrayEquals(new float[] {0.833838321f, -1.89571503f, 0.512480293f}, w[2], TOL);
        // the old rule (epsilon before the correction) gave 0.984052214 at the first step
        assertTrue(Math.abs(w[0][0] - 0.984052214f) > 0.05f);
    }

    @Test
    void adamWDecaysTheWeightsFirstWithTheUncorrectedRate() {
        float[][] w = run(settings(OptimizerKind.ADAMW, 0.1));
        assertArrayEquals(new float[] {0.906666667f, -1.93f, 0.495f}, w[0], TOL);
        assertArrayEquals(new float[] {0.82643477f, -1.94484979f, 0.545030131f}, w[1], TOL);
        assertArrayEquals(new float[] {0.823301191f, -1.94656351f, 0.545575145f}, w[2], TOL);
    }

    @Test
    void sgdMomentumFollowsTheRateChangeAsPyTorchDoes() {
        float[][] w = run(settings(OptimizerKind.SGD, 1e-8));
        assertArrayEquals(new float[] {0.94f, -1.97f, 0.495f}, w[0], TOL);
        assertArrayEquals(new float[] {0.8566f, -1.9533f, 0.52555f}, w[1], TOL);
        // PyTorch: w -= 0.01 (0.9 b + d); a buffer of lr-scaled velocity would give 0.7836834
        assertArrayEquals(new float[] {0.8512374f, -1.9508437f, 0.52527395f}, w[2], TOL);
    }

    @Test
    void adamWithTheDefaultEpsilonMatchesTheFormulaToo() {
        // eps 1e-8: at t = 1 the old rule's effective epsilon was 3.2e-7, visible for small moments
        float[][] w = run(settings(OptimizerKind.ADAM, 1e-8));
        double g = 0.5 + 0.1 * 1.0; // first gradient of w[0] with the L2 term
        double m = 0.1 * g;
        double v = 0.001 * g * g;
        double expected = 1.0 - 0.1 / 0.1 * m / (Math.sqrt(v) / Math.sqrt(0.001) + 1e-8);
        assertArrayEquals(new float[] {(float) expected}, new float[] {w[0][0]}, TOL);
    }
}
