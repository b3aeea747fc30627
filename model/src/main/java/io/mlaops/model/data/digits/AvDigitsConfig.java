package io.mlaops.model.data.digits;

import java.util.Objects;

/**
 * Knobs of the AV-digits builder.
 *
 * @param trainSize training pairs
 * @param validationSize validation pairs
 * @param testSize test pairs (images from MNIST's test set, voices never heard in training)
 * @param imageNoise standard deviation of Gaussian pixel noise (pixels in [0, 1])
 * @param imageOcclusion side of a random square patch blanked out of every image (0 = none), in 14
 *     x 14 pixels
 * @param audioSnrDb signal-to-noise ratio of the noise added to every clip, in dB
 * @param missingAudio fraction of samples of every split without audio (presence mask)
 * @param seed seed of the splits, pairing, noise and occlusion
 * @param imagePcaEnergy fraction of the training images' PCA energy kept (images are projected on
 *     the fewest principal components that keep it, before noise and occlusion); 1 = off
 * @param audioNoise white or babble noise
 * @param imageForm the image as a pooled 14 x 14 vector (default) or the full 28 x 28 image; for
 *     the full image the noise's standard deviation is doubled and the occluded square's side too,
 *     so that pooling it gives the pooled form's distribution
 * @param audioForm the audio as 200 log-mel statistics (default) or a log-mel spectrogram
 */
public record AvDigitsConfig(
        int trainSize,
        int validationSize,
        int testSize,
        double imageNoise,
        int imageOcclusion,
        double audioSnrDb,
        double missingAudio,
        long seed,
        double imagePcaEnergy,
        AudioNoise audioNoise,
        ImageForm imageForm,
        AudioForm audioForm) {
    public AvDigitsConfig {
        Objects.requireNonNull(audioNoise, "audio noise");
        Objects.requireNonNull(imageForm, "image form");
        Objects.requireNonNull(audioForm, "audio form");
        if (imageForm == ImageForm.FULL && imagePcaEnergy < 1) {
            throw new IllegalArgumentException(
                    "image PCA energy "
                            + imagePcaEnergy
                            + " applies to the pooled image: expected 1 (off) with the full image");
        }
        if (trainSize < 10 || validationSize < 10 || testSize < 10) {
            throw new IllegalArgumentException(
                    "av-digits sizes "
                            + trainSize
                            + "/"
                            + validationSize
                            + "/"
                            + testSize
                            + ": expected at least 10 per split");
        }
        if (trainSize + validationSize > 60000 || testSize > 10000) {
            throw new IllegalArgumentException(
                    "av-digits: at most 60000 train + validation images and 10000 test images exist");
        }
        if (!(imageNoise >= 0) || imageOcclusion < 0 || imageOcclusion > 14) {
            throw new IllegalArgumentException(
                    "image noise must be >= 0 and occlusion 0..14 pixels");
        }
        if (!(missingAudio >= 0 && missingAudio < 1)) {
            throw new IllegalArgumentException(
                    "missing audio " + missingAudio + ": expected 0 <= fraction < 1");
        }
        if (!(imagePcaEnergy > 0 && imagePcaEnergy <= 1)) {
            throw new IllegalArgumentException(
                    "image PCA energy "
                            + imagePcaEnergy
                            + ": expected 0 < fraction <= 1 (1 = off)");
        }
    }

    /** The knobs of the pooled image and the audio statistics (the forms before shapes). */
    public AvDigitsConfig(
            int trainSize,
            int validationSize,
            int testSize,
            double imageNoise,
            int imageOcclusion,
            double audioSnrDb,
            double missingAudio,
            long seed,
            double imagePcaEnergy,
            AudioNoise audioNoise) {
        this(
                trainSize,
                validationSize,
                testSize,
                imageNoise,
                imageOcclusion,
                audioSnrDb,
                missingAudio,
                seed,
                imagePcaEnergy,
                audioNoise,
                ImageForm.POOLED,
                AudioForm.STATS);
    }

    /** The knobs without PCA and with white noise (as in the first release). */
    public AvDigitsConfig(
            int trainSize,
            int validationSize,
            int testSize,
            double imageNoise,
            int imageOcclusion,
            double audioSnrDb,
            double missingAudio,
            long seed) {
        this(
                trainSize,
                validationSize,
                testSize,
                imageNoise,
                imageOcclusion,
                audioSnrDb,
                missingAudio,
                seed,
                1.0,
                AudioNoise.WHITE);
    }

    /**
     * The defaults: 10k / 1k / 2k pairs; audio at -16 dB dominant (~78% alone), image noisy and
     * occluded weak but complementary (~64% alone).
     */
    public static AvDigitsConfig defaults() {
        return new AvDigitsConfig(10000, 1000, 2000, 0.3, 6, -16.0, 0.0, 0);
    }

    /**
     * @return values per image sample (196 pooled, 784 full)
     */
    public int imageDim() {
        return imageForm == ImageForm.FULL ? 28 * 28 : 14 * 14;
    }

    /**
     * @return the image's sample shape: [196] or [1, 28, 28]
     */
    public java.util.List<Integer> imageShape() {
        return imageForm == ImageForm.FULL
                ? java.util.List.of(1, 28, 28)
                : java.util.List.of(14 * 14);
    }

    /**
     * @return values per audio sample (200 statistics, or T x 40 spectrogram values)
     */
    public int audioDim() {
        return audioForm == AudioForm.SPECTROGRAM
                ? LogMel.SPECTROGRAM_FRAMES * LogMel.BANDS
                : LogMel.DIM;
    }

    /**
     * @return the audio's sample shape: [200] or [T, 40]
     */
    public java.util.List<Integer> audioShape() {
        return audioForm == AudioForm.SPECTROGRAM
                ? java.util.List.of(LogMel.SPECTROGRAM_FRAMES, LogMel.BANDS)
                : java.util.List.of(LogMel.DIM);
    }

    /**
     * @return a builder starting from {@link #defaults()}
     */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** Builder of {@link AvDigitsConfig}, starting from the defaults. */
    public static final class Builder {
        private int train;
        private int validation;
        private int test;
        private double imageNoise;
        private int imageOcclusion;
        private double audioSnrDb;
        private double missingAudio;
        private long seed;
        private double imagePcaEnergy;
        private AudioNoise audioNoise;
        private ImageForm imageForm;
        private AudioForm audioForm;

        private Builder(AvDigitsConfig c) {
            train = c.trainSize;
            validation = c.validationSize;
            test = c.testSize;
            imageNoise = c.imageNoise;
            imageOcclusion = c.imageOcclusion;
            audioSnrDb = c.audioSnrDb;
            missingAudio = c.missingAudio;
            seed = c.seed;
            imagePcaEnergy = c.imagePcaEnergy;
            audioNoise = c.audioNoise;
            imageForm = c.imageForm;
            audioForm = c.audioForm;
        }

        public Builder imageForm(ImageForm v) {
            imageForm = v;
            return this;
        }

        public Builder audioForm(AudioForm v) {
            audioForm = v;
            return this;
        }

        public Builder sizes(int trainSize, int validationSize, int testSize) {
            train = trainSize;
            validation = validationSize;
            test = testSize;
            return this;
        }

        public Builder imageNoise(double v) {
            imageNoise = v;
            return this;
        }

        public Builder imageOcclusion(int v) {
            imageOcclusion = v;
            return this;
        }

        public Builder imagePcaEnergy(double v) {
            imagePcaEnergy = v;
            return this;
        }

        public Builder audioSnrDb(double v) {
            audioSnrDb = v;
            return this;
        }

        public Builder audioNoise(AudioNoise v) {
            audioNoise = v;
            return this;
        }

        public Builder missingAudio(double v) {
            missingAudio = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the bad knob
         */
        public AvDigitsConfig build() {
            return new AvDigitsConfig(
                    train,
                    validation,
                    test,
                    imageNoise,
                    imageOcclusion,
                    audioSnrDb,
                    missingAudio,
                    seed,
                    imagePcaEnergy,
                    audioNoise,
                    imageForm,
                    audioForm);
        }
    }
}
