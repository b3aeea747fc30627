package io.mlaops.model.data.synthetic;

import java.util.List;

/**
 * Knobs of the synthetic imbalanced multimodal task.
 *
 * @param classes C, at least 2
 * @param modalities per-modality knobs (at least one)
 * @param noise standard deviation of the Gaussian noise on every feature
 * @param trainSize training samples
 * @param validationSize validation samples
 * @param testSize test samples
 * @param seed generator seed
 */
public record SyntheticConfig(
        int classes,
        List<SyntheticModality> modalities,
        double noise,
        int trainSize,
        int validationSize,
        int testSize,
        long seed) {
    public SyntheticConfig {
        modalities = List.copyOf(modalities);
        if (classes < 2) {
            throw new IllegalArgumentException("synthetic classes " + classes + ": expected >= 2");
        }
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("synthetic data needs at least one modality");
        }
        if (!(noise > 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("synthetic noise " + noise + ": expected > 0");
        }
        if (trainSize < 1 || validationSize < 1 || testSize < 1) {
            throw new IllegalArgumentException(
                    "synthetic split sizes "
                            + trainSize
                            + "/"
                            + validationSize
                            + "/"
                            + testSize
                            + ": expected each >= 1");
        }
    }

    /**
     * The default imbalanced task, 10 classes: modality {@code a} dominant (signal 5, 1024-d, so it
     * is easy to over-fit on 1000 training samples; half of its signal is shared by the pairs
     * {0,1},{2,3},...), modality {@code b} weak but complementary (signal 1.5, 32-d, no confusable
     * pairs). Joint training on it shows modality laziness: b's own accuracy under joint training
     * stays well below what b reaches alone.
     *
     * @param seed generator seed
     * @return the config
     */
    public static SyntheticConfig imbalanced(long seed) {
        return new SyntheticConfig(
                10,
                List.of(
                        new SyntheticModality("a", 1024, 5.0, 0.5, 0, 0.0),
                        new SyntheticModality("b", 32, 1.5, 1.0, 1, 0.0)),
                1.0,
                1000,
                1000,
                2000,
                seed);
    }
}
