package io.mlaops.model.data.importer;

import io.mlaops.model.data.DatasetName;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.ModalitySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to turn a user's file(s) into a data set.
 *
 * <p>Splits: without a split column and without one file per split, each class is split with a
 * seeded shuffle into {@code validationFraction} and {@code testFraction} (validation may be 0: an
 * empty validation split). When the split is given (a split column, or one file per split), {@code
 * testFraction} must be 0 and {@code validationFraction} > 0 carves that fraction of every class
 * out of the training rows (seeded); that is refused when the given split already has validation
 * rows, so no fraction is ever silently ignored.
 *
 * @param name data set name ({@link DatasetName})
 * @param modalities modality name to its column spec, in declaration order; see {@link
 *     ColumnSelector} for CSV ({@code col1..col9}, {@code a,b,c}, {@code first..last:step}, {@code
 *     glob:x.*}, {@code regex:band_[0-9]+}); NPZ: the array name (empty = the modality's own name)
 * @param labelColumn CSV label column / NPZ label array (default {@code label})
 * @param splitColumn optional CSV column or NPZ int array giving each row's split ({@code
 *     train|validation|test} or {@code 0|1|2}); empty = none
 * @param validationFraction see above; in [0, 1)
 * @param testFraction see above; in [0, 1)
 * @param seed seed of the stratified split and of the validation carve-out
 * @param standardize standardise every feature with the training split's mean and std ({@link
 *     io.mlaops.model.data.Standardization})
 * @param classes class names in label order (integer label k is {@code classes[k]}; a label equal
 *     to a name is that class); empty: the labels themselves, or an NPZ {@code label_names} array
 */
public record ImportSpec(
        String name,
        Map<String, String> modalities,
        String labelColumn,
        String splitColumn,
        double validationFraction,
        double testFraction,
        long seed,
        boolean standardize,
        List<String> classes) {
    /** Name of the optional NPZ array with class names, in label order. */
    public static final String LABEL_NAMES_ARRAY = "label_names";

    public ImportSpec {
        DatasetName.require(name, "--name");
        modalities =
                java.util.Collections.unmodifiableMap(
                        new LinkedHashMap<>(Objects.requireNonNull(modalities, "modalities")));
        modalities.keySet().forEach(ModalitySpec::requireName);
        labelColumn = labelColumn == null || labelColumn.isBlank() ? "label" : labelColumn;
        splitColumn = splitColumn == null ? "" : splitColumn;
        if (!(validationFraction >= 0
                && validationFraction < 1
                && testFraction >= 0
                && testFraction < 1
                && validationFraction + testFraction < 1)) {
            throw new DatasetValidationException(
                    "split fractions validation "
                            + validationFraction
                            + ", test "
                            + testFraction
                            + ": expected each in [0, 1) with a sum < 1");
        }
        classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
        HashSet<String> seen = new HashSet<>();
        for (String c : classes) {
            if (c.isBlank()) {
                throw new DatasetValidationException(
                        "--classes has an empty class name: expected names like a,b,c");
            }
            if (!seen.add(c)) {
                throw new DatasetValidationException(
                        "--classes names '" + c + "' twice: expected distinct class names");
            }
        }
    }

    /** The seven-part spec of earlier versions: no standardisation, class names from the labels. */
    public ImportSpec(
            String name,
            Map<String, String> modalities,
            String labelColumn,
            String splitColumn,
            double validationFraction,
            double testFraction,
            long seed) {
        this(
                name,
                modalities,
                labelColumn,
                splitColumn,
                validationFraction,
                testFraction,
                seed,
                false,
                List.of());
    }

    /**
     * @return a spec with the default split (70 / 15 / 15, seed 0)
     */
    public static ImportSpec of(String name, Map<String, String> modalities, String labelColumn) {
        return builder(name).modalities(modalities).labelColumn(labelColumn).build();
    }

    /**
     * @return a builder with the defaults of {@link #of}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Parses a command-line modality mapping {@code name=spec} (or {@code name} alone for NPZ).
     *
     * @return the modality name and its spec as a two-element array
     */
    public static String[] parseModalityArg(String arg) {
        int eq = arg.indexOf('=');
        String m = eq < 0 ? arg.trim() : arg.substring(0, eq).trim();
        String spec = eq < 0 ? "" : arg.substring(eq + 1).trim();
        if (m.isEmpty()) {
            throw new DatasetValidationException(
                    "--modality '" + arg + "': expected name=columns, e.g. shape=col1..col9");
        }
        return new String[] {m, spec};
    }

    /**
     * Builder for {@link ImportSpec}; defaults: label {@code label}, no split column, 0.15 / 0.15,
     * seed 0.
     */
    public static final class Builder {
        private final String name;
        private final Map<String, String> modalities = new LinkedHashMap<>();
        private String labelColumn = "label";
        private String splitColumn = "";
        private double validationFraction = 0.15;
        private double testFraction = 0.15;
        private long seed;
        private boolean standardize;
        private final List<String> classes = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param m modality name to column spec, added in order
         */
        public Builder modalities(Map<String, String> m) {
            modalities.putAll(m);
            return this;
        }

        public Builder modality(String modality, String columns) {
            modalities.put(modality, columns);
            return this;
        }

        public Builder labelColumn(String c) {
            labelColumn = c;
            return this;
        }

        public Builder splitColumn(String c) {
            splitColumn = c;
            return this;
        }

        public Builder fractions(double validation, double test) {
            validationFraction = validation;
            testFraction = test;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder standardize(boolean s) {
            standardize = s;
            return this;
        }

        public Builder classes(List<String> c) {
            classes.clear();
            classes.addAll(c);
            return this;
        }

        /**
         * @return the validated spec
         */
        public ImportSpec build() {
            return new ImportSpec(
                    name,
                    modalities,
                    labelColumn,
                    splitColumn,
                    validationFraction,
                    testFraction,
                    seed,
                    standardize,
                    classes);
        }
    }
}
