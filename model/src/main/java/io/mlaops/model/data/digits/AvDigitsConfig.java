package io.mlaops.model.data.digits;

/**
 * Knobs of the AV-digits builder.
 *
 * @param trainSize training pairs
 * @param validationSize validation pairs
 * @param testSize test pairs (images from MNIST's test set, voices never heard in training)
 * @param imageNoise standard deviation of Gaussian pixel noise (pixels in [0, 1])
 * @param imageOcclusion side of a random square patch blanked out of every image (0 = none), in 14 x 14 pixels
 * @param audioSnrDb signal-to-noise ratio of the white noise added to every clip, in dB
 * @param missingAudio fraction of samples of every split without audio (presence mask)
 * @param seed seed of the splits, pairing, noise and occlusion
 */
public record AvDigitsConfig(int trainSize, int validationSize, int testSize, double imageNoise, int imageOcclusion,
        double audioSnrDb, double missingAudio, long seed) {
    public AvDigitsConfig {
        if (trainSize < 10 || validationSize < 10 || testSize < 10) {
            throw new IllegalArgumentException("av-digits sizes " + trainSize + "/" + validationSize + "/" + testSize
                    + ": expected at least 10 per split");
        }
        if (trainSize + validationSize > 60000 || testSize > 10000) {
            throw new IllegalArgumentException("av-digits: at most 60000 train + validation images and 10000 test images exist");
        }
        if (!(imageNoise >= 0) || imageOcclusion < 0 || imageOcclusion > 14) {
            throw new IllegalArgumentException("image noise must be >= 0 and occlusion 0..14 pixels");
        }
        if (!(missingAudio >= 0 && missingAudio < 1)) {
            throw new IllegalArgumentException("missing audio " + missingAudio + ": expected 0 <= fraction < 1");
        }
    }

    /** The defaults: 10k / 1k / 2k pairs; audio at -16 dB dominant (~73% alone), image noisy and occluded weak but complementary (~58% alone). */
    public static AvDigitsConfig defaults() {
        return new AvDigitsConfig(10000, 1000, 2000, 0.3, 6, -16.0, 0.0, 0);
    }
}
