package io.mlaops.model.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A validated multimodal classification data set: M named modalities, C named classes and three
 * splits (train, validation, test) that all carry every declared modality.
 *
 * <p>Construction validates everything a trainer relies on and throws a {@link
 * DatasetValidationException} naming the problem: duplicate modality or class names, a split with
 * an unknown or missing modality, a dimension that differs from the declaration, NaN or infinite
 * values (split, modality, row and column named), a label outside {@code [0, C)}, an empty train or
 * test split. The validation split may be empty (a user's data often has only train and test);
 * per-epoch validation numbers are then not a number. A data set may carry the {@link
 * Standardization} its features went through.
 */
public final class MultimodalDataset {
    /** The three split names, in this order. */
    public static final List<String> SPLITS = List.of("train", "validation", "test");

    private final String name;
    private final List<ModalitySpec> modalities;
    private final List<String> classNames;
    private final Map<String, MultimodalSplit> splits;
    private final Map<String, String> provenance;
    private final Standardization standardization;

    private MultimodalDataset(Builder b) {
        this.name = Objects.requireNonNull(b.name, "data set name");
        this.modalities = List.copyOf(b.modalities);
        this.classNames = List.copyOf(b.classNames);
        this.splits = new LinkedHashMap<>();
        for (String s : SPLITS) {
            MultimodalSplit split = b.splits.get(s);
            if (split == null) {
                throw new DatasetValidationException(
                        "data set '" + name + "' has no '" + s + "' split");
            }
            splits.put(s, split);
        }
        for (String s : b.splits.keySet()) {
            if (!SPLITS.contains(s)) {
                throw new DatasetValidationException(
                        "data set '"
                                + name
                                + "': unknown split '"
                                + s
                                + "', expected one of "
                                + SPLITS);
            }
        }
        this.provenance = Map.copyOf(b.provenance);
        this.standardization = b.standardization;
        validate();
    }

    /**
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    private void validate() {
        if (modalities.isEmpty()) {
            throw new DatasetValidationException("data set '" + name + "' declares no modality");
        }
        Set<String> seen = new HashSet<>();
        for (ModalitySpec m : modalities) {
            if (!seen.add(m.name())) {
                throw new DatasetValidationException(
                        "data set '" + name + "': duplicate modality name '" + m.name() + "'");
            }
        }
        if (classNames.size() < 2) {
            throw new DatasetValidationException(
                    "data set '"
                            + name
                            + "' has "
                            + classNames.size()
                            + " classes: expected at least 2");
        }
        Set<String> seenClasses = new HashSet<>();
        for (String c : classNames) {
            if (!seenClasses.add(c)) {
                throw new DatasetValidationException(
                        "data set '" + name + "': duplicate class name '" + c + "'");
            }
        }
        for (MultimodalSplit split : splits.values()) {
            validateSplit(split);
        }
        if (standardization != null) {
            for (Map.Entry<String, Standardization.Moments> e :
                    standardization.moments().entrySet()) {
                ModalitySpec m =
                        modality(e.getKey())
                                .orElseThrow(
                                        () ->
                                                new DatasetValidationException(
                                                        "data set '"
                                                                + name
                                                                + "': standardisation of unknown modality '"
                                                                + e.getKey()
                                                                + "', declared "
                                                                + modalityNames()));
                if (e.getValue().mean().length != m.dimension()) {
                    throw new DatasetValidationException(
                            "data set '"
                                    + name
                                    + "': standardisation of modality '"
                                    + m.name()
                                    + "' has "
                                    + e.getValue().mean().length
                                    + " features: expected "
                                    + m.dimension());
                }
            }
        }
    }

    private void validateSplit(MultimodalSplit split) {
        String where = "data set '" + name + "', split '" + split.name() + "'";
        if (split.size() == 0 && !split.name().equals("validation")) {
            throw new DatasetValidationException(where + " is empty: expected at least 1 sample");
        }
        for (String m : split.modalities()) {
            if (modality(m).isEmpty()) {
                throw new DatasetValidationException(
                        where + ": unknown modality '" + m + "', declared " + modalityNames());
            }
        }
        for (ModalitySpec spec : modalities) {
            if (!split.modalities().contains(spec.name())) {
                throw new DatasetValidationException(
                        where + ": modality '" + spec.name() + "' is declared but missing");
            }
            int d = split.dimension(spec.name());
            if (d != spec.dimension()) {
                throw new DatasetValidationException(
                        where
                                + ", modality '"
                                + spec.name()
                                + "': dimension "
                                + d
                                + ", expected "
                                + spec.dimension());
            }
            float[] f = split.features(spec.name());
            for (int k = 0; k < f.length; k++) {
                if (!Float.isFinite(f[k])) {
                    throw new DatasetValidationException(
                            where
                                    + ", modality '"
                                    + spec.name()
                                    + "': "
                                    + f[k]
                                    + " at row "
                                    + (k / d)
                                    + ", column "
                                    + (k % d)
                                    + ": expected finite values");
                }
            }
        }
        int[] labels = split.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new DatasetValidationException(
                        where
                                + ": label "
                                + labels[i]
                                + " at row "
                                + i
                                + " is out of range: expected 0.."
                                + (classNames.size() - 1)
                                + " ("
                                + classNames.size()
                                + " classes)");
            }
        }
    }

    public String name() {
        return name;
    }

    /**
     * @return declared modalities in order
     */
    public List<ModalitySpec> modalities() {
        return modalities;
    }

    /**
     * @return modality names in declaration order
     */
    public List<String> modalityNames() {
        List<String> names = new ArrayList<>();
        for (ModalitySpec m : modalities) {
            names.add(m.name());
        }
        return names;
    }

    /**
     * @return the spec of modality {@code m}, if declared
     */
    public java.util.Optional<ModalitySpec> modality(String m) {
        return modalities.stream().filter(s -> s.name().equals(m)).findFirst();
    }

    /**
     * @return the spec of modality {@code m}
     * @throws DatasetValidationException if {@code m} is not declared
     */
    public ModalitySpec requireModality(String m) {
        return modality(m)
                .orElseThrow(
                        () ->
                                new DatasetValidationException(
                                        "unknown modality '"
                                                + m
                                                + "' in data set '"
                                                + name
                                                + "': expected one of "
                                                + modalityNames()));
    }

    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return classNames.size();
    }

    public MultimodalSplit train() {
        return splits.get("train");
    }

    public MultimodalSplit validation() {
        return splits.get("validation");
    }

    public MultimodalSplit test() {
        return splits.get("test");
    }

    /**
     * @param s one of {@link #SPLITS}
     * @return that split
     */
    public MultimodalSplit split(String s) {
        MultimodalSplit split = splits.get(s);
        if (split == null) {
            throw new DatasetValidationException(
                    "unknown split '" + s + "': expected one of " + SPLITS);
        }
        return split;
    }

    /**
     * @return how the data set was made (generator, knobs, tool versions); may be empty
     */
    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * @return the standardisation the features went through, if one was recorded
     */
    public java.util.Optional<Standardization> standardization() {
        return java.util.Optional.ofNullable(standardization);
    }

    /**
     * @return a builder holding this data set's parts, for deriving a variant
     */
    public Builder toBuilder() {
        Builder b = builder(name);
        modalities.forEach(b::modality);
        b.classNames(classNames);
        splits.forEach(b::split);
        b.provenance.putAll(provenance);
        b.standardization = standardization;
        return b;
    }

    @Override
    public String toString() {
        return "MultimodalDataset["
                + name
                + ", modalities="
                + modalities
                + ", classes="
                + classNames.size()
                + ", train="
                + train().size()
                + ", validation="
                + validation().size()
                + ", test="
                + test().size()
                + "]";
    }

    /** Builder for {@link MultimodalDataset}. */
    public static final class Builder {
        private final String name;
        private final List<ModalitySpec> modalities = new ArrayList<>();
        private final List<String> classNames = new ArrayList<>();
        private final Map<String, MultimodalSplit> splits = new LinkedHashMap<>();
        private final Map<String, String> provenance = new LinkedHashMap<>();
        private Standardization standardization;

        private Builder(String name) {
            this.name = name;
        }

        public Builder modality(ModalitySpec spec) {
            modalities.add(Objects.requireNonNull(spec));
            return this;
        }

        public Builder modality(String name, int dimension, String kind) {
            return modality(new ModalitySpec(name, dimension, kind));
        }

        /**
         * Adds a modality of the given sample shape ({@code [D]}, {@code [T, F]}, {@code [C, H,
         * W]}).
         */
        public Builder modality(String name, List<Integer> shape, String kind) {
            return modality(ModalitySpec.shaped(name, shape, kind));
        }

        public Builder classNames(List<String> names) {
            classNames.clear();
            classNames.addAll(names);
            return this;
        }

        /**
         * @param s "train", "validation" or "test"
         */
        public Builder split(String s, MultimodalSplit split) {
            splits.put(s, Objects.requireNonNull(split));
            return this;
        }

        public Builder provenance(String key, String value) {
            provenance.put(key, value);
            return this;
        }

        /**
         * @param s the standardisation the features went through (null: none recorded)
         */
        public Builder standardization(Standardization s) {
            standardization = s;
            return this;
        }

        /**
         * @return the validated data set
         * @throws DatasetValidationException naming the first problem found
         */
        public MultimodalDataset build() {
            return new MultimodalDataset(this);
        }
    }
}
