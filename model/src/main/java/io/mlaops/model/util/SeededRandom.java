package io.mlaops.model.util;

import java.util.SplittableRandom;

/**
 * The seeded draws the data and training code share, written once so that every caller gets the
 * same sequence for the same seed.
 */
public final class SeededRandom {
    private SeededRandom() {}

    /**
     * @param n size
     * @param seed seed
     * @return a permutation of 0..n-1 (Fisher-Yates from the last index down)
     */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * A standard normal draw by Box-Muller (two uniform draws; not {@code Random.nextGaussian},
     * whose cached second value makes the stream stateful).
     *
     * @param r the generator (advanced by two draws)
     * @return N(0, 1) sample
     */
    public static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
