package io.mlaops.model.tune;

import java.util.List;

/**
 * Produces the trials of a search space, deterministically: the same space and parameters give the
 * same trials, in the same order.
 */
public sealed interface Sampler permits RandomSampler, GridSampler {
    /** Largest number of trials one sampler produces. */
    int MAX_TRIALS = 10_000;

    /**
     * @param space the space
     * @param trials how many
     * @return the trials, numbered from 0
     * @throws IllegalArgumentException for a count out of bounds (or, for a grid, other than the
     *     grid's size)
     */
    List<Trial> trials(SearchSpace space, int trials);

    /**
     * @param name {@code random} or {@code grid}
     * @param seed the random sampler's seed
     * @return the sampler
     * @throws IllegalArgumentException naming the allowed names
     */
    static Sampler named(String name, long seed) {
        return switch (name) {
            case "random" -> new RandomSampler(seed);
            case "grid" -> new GridSampler();
            default ->
                    throw new IllegalArgumentException(
                            "sampler '" + name + "': expected random or grid");
        };
    }

    /** Checks a trial count against {@link #MAX_TRIALS}. */
    static void checkCount(int trials) {
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new IllegalArgumentException("trials " + trials + ": expected 1.." + MAX_TRIALS);
        }
    }
}
