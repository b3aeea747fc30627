package io.mlaops.model.data.synthetic;

/**
 * Knobs of one synthetic modality.
 *
 * @param name modality name
 * @param dimension feature dimension
 * @param signal class signal strength: distance scale of class prototypes relative to unit noise
 * @param fineFraction how much of the signal separates the two classes of a confusable pair (0 =
 *     the pair is indistinguishable in this modality, 1 = no confusable pairs)
 * @param pairShift which classes this modality confuses: class c is paired with its neighbour in
 *     the grouping {@code ((c + pairShift) mod C) / 2}; modalities with different shifts confuse
 *     different pairs and so complement each other
 * @param missingRate fraction of samples lacking this modality, in [0, 1)
 * @param corruptionRate fraction of samples whose features in this modality carry {@code
 *     corruptionNoise} times the base noise (a blurred image, a noisy clip), in [0, 1]: reliability
 *     then varies from sample to sample, the situation dynamic fusion is made for
 * @param corruptionNoise noise multiplier of corrupted samples, >= 1
 */
public record SyntheticModality(
        String name,
        int dimension,
        double signal,
        double fineFraction,
        int pairShift,
        double missingRate,
        double corruptionRate,
        double corruptionNoise) {

    /** A modality with homogeneous noise (no corrupted samples). */
    public SyntheticModality(
            String name,
            int dimension,
            double signal,
            double fineFraction,
            int pairShift,
            double missingRate) {
        this(name, dimension, signal, fineFraction, pairShift, missingRate, 0.0, 1.0);
    }

    public SyntheticModality {
        if (!(corruptionRate >= 0 && corruptionRate <= 1)) {
            throw new IllegalArgumentException(
                    "synthetic modality '"
                            + name
                            + "': corruption rate "
                            + corruptionRate
                            + ", expected 0..1");
        }
        if (!(corruptionNoise >= 1) || !Double.isFinite(corruptionNoise)) {
            throw new IllegalArgumentException(
                    "synthetic modality '"
                            + name
                            + "': corruption noise "
                            + corruptionNoise
                            + ", expected >= 1");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException(
                    "synthetic modality '"
                            + name
                            + "': dimension "
                            + dimension
                            + ", expected >= 1");
        }
        if (!(signal >= 0) || !Double.isFinite(signal)) {
            throw new IllegalArgumentException(
                    "synthetic modality '" + name + "': signal " + signal + ", expected >= 0");
        }
        if (!(fineFraction >= 0 && fineFraction <= 1)) {
            throw new IllegalArgumentException(
                    "synthetic modality '"
                            + name
                            + "': fine fraction "
                            + fineFraction
                            + ", expected 0..1");
        }
        if (!(missingRate >= 0 && missingRate < 1)) {
            throw new IllegalArgumentException(
                    "synthetic modality '"
                            + name
                            + "': missing rate "
                            + missingRate
                            + ", expected 0 <= rate < 1");
        }
    }
}
