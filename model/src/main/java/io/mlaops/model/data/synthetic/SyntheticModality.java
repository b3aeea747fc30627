package io.mlaops.model.data.synthetic;

/**
 * Knobs of one synthetic modality.
 *
 * @param name modality name
 * @param dimension feature dimension
 * @param signal class signal strength: distance scale of class prototypes relative to unit noise
 * @param fineFraction how much of the signal separates the two classes of a confusable pair
 *     (0 = the pair is indistinguishable in this modality, 1 = no confusable pairs)
 * @param pairShift which classes this modality confuses: class c is paired with its neighbour
 *     in the grouping {@code ((c + pairShift) mod C) / 2}; modalities with different shifts
 *     confuse different pairs and so complement each other
 * @param missingRate fraction of samples lacking this modality, in [0, 1)
 */
public record SyntheticModality(String name, int dimension, double signal, double fineFraction, int pairShift,
        double missingRate) {
    public SyntheticModality {
        if (dimension < 1) {
            throw new IllegalArgumentException("synthetic modality '" + name + "': dimension " + dimension + ", expected >= 1");
        }
        if (!(signal >= 0) || !Double.isFinite(signal)) {
            throw new IllegalArgumentException("synthetic modality '" + name + "': signal " + signal + ", expected >= 0");
        }
        if (!(fineFraction >= 0 && fineFraction <= 1)) {
            throw new IllegalArgumentException("synthetic modality '" + name + "': fine fraction " + fineFraction + ", expected 0..1");
        }
        if (!(missingRate >= 0 && missingRate < 1)) {
            throw new IllegalArgumentException("synthetic modality '" + name + "': missing rate " + missingRate + ", expected 0 <= rate < 1");
        }
    }
}
