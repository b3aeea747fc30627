package io.mlaops.model.recipe.ogm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arithmetic of OGM (balancing-methods.md), on plain numbers so that it can be checked by hand.
 *
 * <ul>
 *   <li>score {@code s_m = sum_i softmax(z_m[i])[y_i]} (with missing samples: {@code B} times the
 *       mean over the samples that have m, which equals the sum when none is missing);
 *   <li>ratio {@code rho_m = s_m / min_m' s_m'} (two modalities: {@code s_a / s_v} and its
 *       inverse);
 *   <li>coefficient {@code k_m = 1 - tanh(alpha rho_m)} if {@code rho_m > 1}, else 1;
 *   <li>the noise scale of OGM-GE, {@code sigma = std(g) + 1e-8} (unbiased std of the un-modulated
 *       gradient).
 * </ul>
 */
public final class OgmCoefficients {
    /** Added to the noise scale (the released code's epsilon). */
    public static final double SIGMA_EPSILON = 1e-8;

    private OgmCoefficients() {}

    /**
     * @param logits row-major (B, C) logits of one modality
     * @param classes C
     * @param labels the B labels
     * @param present per row whether the modality is present
     * @return the score, or NaN when no row has the modality
     */
    public static double score(float[] logits, int classes, int[] labels, boolean[] present) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < labels.length; i++) {
            if (!present[i]) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[i * classes + c]);
            }
            double z = 0;
            for (int c = 0; c < classes; c++) {
                z += Math.exp(logits[i * classes + c] - max);
            }
            sum += Math.exp(logits[i * classes + labels[i]] - max) / z;
            count++;
        }
        return count == 0 ? Double.NaN : sum * labels.length / count;
    }

    /**
     * @param scores score per modality (NaN = absent from the batch, left out)
     * @return {@code s_m / min s} per modality with a score
     */
    public static Map<String, Double> ratios(Map<String, Double> scores) {
        double min = Double.POSITIVE_INFINITY;
        for (double s : scores.values()) {
            if (!Double.isNaN(s)) {
                min = Math.min(min, s);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (!Double.isNaN(e.getValue())) {
                out.put(e.getKey(), e.getValue() / min);
            }
        }
        return out;
    }

    /**
     * @return {@code 1 - tanh(alpha rho)} if {@code rho > 1}, else 1
     */
    public static double coefficient(double alpha, double ratio) {
        return ratio > 1 ? 1 - Math.tanh(alpha * ratio) : 1;
    }

    /**
     * @return the unbiased standard deviation of {@code g} plus {@link #SIGMA_EPSILON} (0 + epsilon
     *     for fewer than 2 values)
     */
    public static double noiseScale(float[] g) {
        if (g.length < 2) {
            return SIGMA_EPSILON;
        }
        double mean = 0;
        for (float v : g) {
            mean += v;
        }
        mean /= g.length;
        double ss = 0;
        for (float v : g) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (g.length - 1)) + SIGMA_EPSILON;
    }
}
