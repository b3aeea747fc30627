package io.mlaops.model.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One split (train, validation or test) of a multimodal data set: {@code size} samples, for each
 * modality a row-major float matrix {@code size x d_m} and a presence mask, and integer labels.
 *
 * <p>A sample whose modality is absent keeps a row of zeros in that modality's matrix; the mask
 * says it is absent. Arrays are not copied on the way in or out, for speed: callers must not change
 * them after building the split.
 */
public final class MultimodalSplit {
    private final String name;
    private final int size;
    private final LinkedHashMap<String, float[]> features;
    private final LinkedHashMap<String, Integer> dimensions;
    private final LinkedHashMap<String, boolean[]> present;
    private final int[] labels;

    private MultimodalSplit(Builder b) {
        this.name = b.name;
        this.size = b.labels == null ? -1 : b.labels.length;
        this.features = new LinkedHashMap<>(b.features);
        this.dimensions = new LinkedHashMap<>(b.dimensions);
        this.present = new LinkedHashMap<>();
        this.labels = b.labels;
        if (labels == null) {
            throw new DatasetValidationException("split '" + name + "' has no labels");
        }
        for (Map.Entry<String, float[]> e : features.entrySet()) {
            String m = e.getKey();
            int d = dimensions.get(m);
            long expected = (long) size * d;
            if (e.getValue().length != expected) {
                throw new DatasetValidationException(
                        "split '"
                                + name
                                + "', modality '"
                                + m
                                + "': "
                                + e.getValue().length
                                + " values, expected "
                                + size
                                + " x "
                                + d
                                + " = "
                                + expected);
            }
            boolean[] mask = b.present.get(m);
            if (mask == null) {
                mask = new boolean[size];
                Arrays.fill(mask, true);
            } else if (mask.length != size) {
                throw new DatasetValidationException(
                        "split '"
                                + name
                                + "', modality '"
                                + m
                                + "': presence mask has "
                                + mask.length
                                + " entries, expected "
                                + size);
            }
            present.put(m, mask);
        }
        for (String m : b.present.keySet()) {
            if (!features.containsKey(m)) {
                throw new DatasetValidationException(
                        "split '" + name + "': presence mask for unknown modality '" + m + "'");
            }
        }
    }

    /**
     * @return a builder for a split called {@code name}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /**
     * @return number of samples N
     */
    public int size() {
        return size;
    }

    /**
     * @return modality names in declaration order
     */
    public java.util.List<String> modalities() {
        return java.util.List.copyOf(features.keySet());
    }

    /**
     * @return the row-major {@code size x dimension(m)} matrix (not a copy)
     * @throws DatasetValidationException if the split has no modality {@code m}
     */
    public float[] features(String m) {
        float[] f = features.get(m);
        if (f == null) {
            throw unknown(m);
        }
        return f;
    }

    /**
     * @return d_m, the feature dimension of modality {@code m}
     */
    public int dimension(String m) {
        Integer d = dimensions.get(m);
        if (d == null) {
            throw unknown(m);
        }
        return d;
    }

    /**
     * @return presence mask of modality {@code m} (not a copy)
     */
    public boolean[] present(String m) {
        boolean[] p = present.get(m);
        if (p == null) {
            throw unknown(m);
        }
        return p;
    }

    /**
     * @return whether sample {@code i} has modality {@code m}
     */
    public boolean isPresent(String m, int i) {
        return present(m)[i];
    }

    /**
     * @return labels, one per sample (not a copy)
     */
    public int[] labels() {
        return labels;
    }

    /**
     * @return fraction of samples that lack modality {@code m}
     */
    public double missingRate(String m) {
        boolean[] p = present(m);
        int missing = 0;
        for (boolean b : p) {
            if (!b) {
                missing++;
            }
        }
        return size == 0 ? 0 : (double) missing / size;
    }

    /**
     * Copy of this split where a seeded random {@code fraction} of the samples lacks modality
     * {@code m} (on top of samples already lacking it). Used for missing-modality evaluation.
     *
     * @param m modality to remove
     * @param fraction in [0, 1]: fraction of all samples that will lack {@code m}
     * @param seed seed for choosing the samples
     * @return a new split; features of removed samples are zeroed
     * @throws DatasetValidationException for an unknown modality or a fraction outside [0, 1]
     */
    public MultimodalSplit withMissing(String m, double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new DatasetValidationException(
                    "missing fraction " + fraction + " for modality '" + m + "': expected 0..1");
        }
        boolean[] mask = present(m).clone();
        int[] order = io.mlaops.model.util.SeededRandom.permutation(size, seed);
        int target = (int) Math.round(fraction * size);
        int missing = size - countTrue(mask);
        for (int k = 0; k < size && missing < target; k++) {
            int i = order[k];
            if (mask[i]) {
                mask[i] = false;
                missing++;
            }
        }
        int d = dimension(m);
        float[] f = features(m).clone();
        for (int i = 0; i < size; i++) {
            if (!mask[i]) {
                Arrays.fill(f, i * d, (i + 1) * d, 0f);
            }
        }
        Builder b = toBuilder();
        b.modality(m, d, f);
        b.present(m, mask);
        return b.build();
    }

    /**
     * @return a builder pre-filled with this split's arrays (shared, not copied)
     */
    public Builder toBuilder() {
        Builder b = builder(name);
        for (String m : features.keySet()) {
            b.modality(m, dimensions.get(m), features.get(m));
            b.present(m, present.get(m));
        }
        return b.labels(labels);
    }

    private static int countTrue(boolean[] a) {
        int c = 0;
        for (boolean b : a) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    private DatasetValidationException unknown(String m) {
        return new DatasetValidationException(
                "unknown modality '" + m + "' in split '" + name + "': known " + features.keySet());
    }

    @Override
    public String toString() {
        return "MultimodalSplit[" + name + ", n=" + size + ", modalities=" + dimensions + "]";
    }

    /** Builder for {@link MultimodalSplit}. */
    public static final class Builder {
        private final String name;
        private final LinkedHashMap<String, float[]> features = new LinkedHashMap<>();
        private final LinkedHashMap<String, Integer> dimensions = new LinkedHashMap<>();
        private final LinkedHashMap<String, boolean[]> present = new LinkedHashMap<>();
        private int[] labels;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "split name");
        }

        /**
         * Adds or replaces a modality.
         *
         * @param m modality name
         * @param dimension d_m
         * @param rowMajor {@code N x d_m} values, row-major
         * @return this
         */
        public Builder modality(String m, int dimension, float[] rowMajor) {
            features.put(Objects.requireNonNull(m), Objects.requireNonNull(rowMajor));
            dimensions.put(m, dimension);
            return this;
        }

        /** Sets the presence mask of a modality (default: all present). */
        public Builder present(String m, boolean[] mask) {
            present.put(Objects.requireNonNull(m), Objects.requireNonNull(mask));
            return this;
        }

        /** Sets the labels; their count defines N. */
        public Builder labels(int[] labels) {
            this.labels = Objects.requireNonNull(labels);
            return this;
        }

        /**
         * @return the split
         * @throws DatasetValidationException on any shape mismatch
         */
        public MultimodalSplit build() {
            return new MultimodalSplit(this);
        }
    }
}
