package io.mlaops.model.eval;

import java.util.Locale;

/**
 * Mean and sample standard deviation of a number over runs (seeds).
 *
 * @param n number of finite values
 * @param mean arithmetic mean (NaN when n = 0)
 * @param std sample standard deviation with n - 1 in the denominator (0 when n = 1)
 */
public record SummaryStats(int n, double mean, double std) {
    /**
     * @return statistics of the finite values among {@code values}
     */
    public static SummaryStats of(double... values) {
        int n = 0;
        double sum = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new SummaryStats(0, Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new SummaryStats(n, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0);
    }

    /**
     * @return e.g. {@code 89.35 ± 0.42} in percent
     */
    public String percent() {
        return Double.isNaN(mean)
                ? "-"
                : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * std);
    }
}
