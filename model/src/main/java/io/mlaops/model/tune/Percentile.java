package io.mlaops.model.tune;

import java.util.Arrays;

/**
 * The percentile of a list of numbers as NumPy's {@code nanpercentile} computes it with its default
 * linear interpolation (the rule Ray Tune's ASHA and Optuna's pruners use): the values sorted, NaN
 * left out, position {@code h = (n - 1) q / 100}, and {@code x[floor h] + (h - floor h) (x[floor h
 * + 1] - x[floor h])} (for a fraction of at least one half, computed from the upper value, as NumPy
 * does).
 */
final class Percentile {
    private Percentile() {}

    /**
     * @param values the numbers (NaN ignored)
     * @param q percentile in [0, 100]
     * @return the percentile, NaN when no value is a number
     */
    static double of(double[] values, double q) {
        double[] x = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (x.length == 0) {
            return Double.NaN;
        }
        double h = (x.length - 1) * (q / 100);
        int lo = (int) Math.floor(h);
        int hi = Math.min(x.length - 1, lo + 1);
        double t = h - lo;
        double diff = x[hi] - x[lo];
        return t >= 0.5 ? x[hi] - diff * (1 - t) : x[lo] + diff * t;
    }
}
