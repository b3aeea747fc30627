package io.mlaops.model.recipe.mmpareto;

import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of MMPareto (balancing-methods.md) on plain numbers, so that it can be checked by
 * hand. For one encoder with the fused loss's gradient {@code a} and its own loss's gradient {@code
 * c} (each a list of tensors, flattened together for the weights):
 *
 * <ol>
 *   <li>{@code cos = a.c / (|a| |c|)} (0 when either is zero); if {@code cos > 0}: {@code (k1, k2)
 *       = (1/2, 1/2)};
 *   <li>otherwise the two-vector min-norm solution with {@code v11 = a.a, v12 = a.c, v22 = c.c}:
 *       {@code gamma = 0.999} if {@code v12 >= v11}, {@code 0.001} if {@code v12 >= v22}, else
 *       {@code (v22 - v12) / (v11 + v22 - 2 v12)}; {@code (k1, k2) = (gamma, 1 - gamma)};
 *   <li>per tensor: {@code T = a_p + c_p}, {@code N = 2 k1 a_p + 2 k2 c_p}, {@code grad_p = s
 *       max(1, |T| / |N|) N} ({@code s} = 1.5 by default; 0 when {@code |N| = 0}).
 * </ol>
 */
public final class ParetoCombination {
    private ParetoCombination() {}

    /**
     * @return {@code (k1, k2)} for the flattened gradients' products
     */
    public static double[] weights(double v11, double v12, double v22) {
        double cos = v11 == 0 || v22 == 0 ? 0 : v12 / Math.sqrt(v11 * v22);
        if (cos > 0) {
            return new double[] {0.5, 0.5};
        }
        double gamma;
        if (v12 >= v11) {
            gamma = 0.999;
        } else if (v12 >= v22) {
            gamma = 0.001;
        } else {
            gamma = (v22 - v12) / (v11 + v22 - 2 * v12);
        }
        return new double[] {gamma, 1 - gamma};
    }

    /**
     * @return the cosine of the flattened gradients (0 when either is zero)
     */
    public static double cosine(List<float[]> a, List<float[]> c) {
        return cosine(products(a, c));
    }

    /**
     * @param v {@code (a.a, a.c, c.c)} from {@link #products}
     * @return the cosine (0 when either gradient is zero)
     */
    static double cosine(double[] v) {
        return v[0] == 0 || v[2] == 0 ? 0 : v[1] / Math.sqrt(v[0] * v[2]);
    }

    /**
     * @return {@code (a.a, a.c, c.c)} over all tensors, in double
     */
    static double[] products(List<float[]> a, List<float[]> c) {
        double v11 = 0;
        double v12 = 0;
        double v22 = 0;
        for (int p = 0; p < a.size(); p++) {
            float[] x = a.get(p);
            float[] y = c.get(p);
            for (int i = 0; i < x.length; i++) {
                v11 += (double) x[i] * x[i];
                v12 += (double) x[i] * y[i];
                v22 += (double) y[i] * y[i];
            }
        }
        return new double[] {v11, v12, v22};
    }

    /**
     * @param a the fused loss's gradient of each of the encoder's tensors
     * @param c its own loss's gradient of the same tensors
     * @param scale the magnitude factor {@code s} (1.5 in the released code)
     * @return the gradient to apply to each tensor
     */
    public static List<float[]> combine(List<float[]> a, List<float[]> c, double scale) {
        return combine(a, c, scale, products(a, c));
    }

    /** As {@link #combine(List, List, double)} with the products already computed. */
    static List<float[]> combine(List<float[]> a, List<float[]> c, double scale, double[] v) {
        double[] k = weights(v[0], v[1], v[2]);
        List<float[]> out = new ArrayList<>();
        for (int p = 0; p < a.size(); p++) {
            float[] x = a.get(p);
            float[] y = c.get(p);
            double[] n = new double[x.length];
            double tt = 0;
            double nn = 0;
            for (int i = 0; i < x.length; i++) {
                double t = (double) x[i] + y[i];
                n[i] = 2 * k[0] * x[i] + 2 * k[1] * y[i];
                tt += t * t;
                nn += n[i] * n[i];
            }
            float[] g = new float[x.length];
            if (nn > 0) {
                double factor = scale * Math.max(1, Math.sqrt(tt) / Math.sqrt(nn));
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (factor * n[i]);
                }
            }
            out.add(g);
        }
        return out;
    }
}
