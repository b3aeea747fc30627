package io.mlaops.model.train;

/**
 * Derives independent seeds from a base seed and counters (SplitMix64 finaliser). Every random draw
 * of training comes from such a seed of (seed, purpose, epoch, batch, ...), so a run's randomness
 * is a function of its position and a resumed run draws the same numbers.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * @param seed base seed
     * @param parts counters (purpose tag, epoch, batch, index, ...)
     * @return a well-mixed seed of all of them
     */
    public static long mix(long seed, long... parts) {
        long h = fmix(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) {
            h = fmix(h ^ fmix(p + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
