package io.mlaops.model.data.importer;

import io.mlaops.model.data.DatasetValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to turn a user's file into a data set.
 *
 * @param name data set name
 * @param modalities modality name to its column spec, in declaration order. CSV: comma-separated
 *     column names or inclusive header ranges {@code first..last} (e.g. {@code col1..col9});
 *     NPZ: the array name (empty = the modality's own name)
 * @param labelColumn CSV label column / NPZ label array (default {@code label})
 * @param splitColumn optional CSV column or NPZ int array giving each row's split
 *     ({@code train|validation|test} or {@code 0|1|2}); empty = a seeded stratified split
 * @param validationFraction fraction of every class that goes to validation when no split is given
 * @param testFraction fraction of every class that goes to test when no split is given
 * @param seed seed of that split
 */
public record ImportSpec(String name, Map<String, String> modalities, String labelColumn, String splitColumn,
        double validationFraction, double testFraction, long seed) {
    public ImportSpec {
        Objects.requireNonNull(name, "name");
        modalities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(modalities, "modalities")));
        labelColumn = labelColumn == null || labelColumn.isBlank() ? "label" : labelColumn;
        splitColumn = splitColumn == null ? "" : splitColumn;
        if (!(validationFraction > 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
            throw new DatasetValidationException("split fractions validation " + validationFraction + ", test " + testFraction
                    + ": expected both > 0 with a sum < 1");
        }
    }

    /** @return a spec with the default split (70 / 15 / 15, seed 0) */
    public static ImportSpec of(String name, Map<String, String> modalities, String labelColumn) {
        return new ImportSpec(name, modalities, labelColumn, "", 0.15, 0.15, 0);
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
            throw new DatasetValidationException("--modality '" + arg + "': expected name=columns, e.g. shape=col1..col9");
        }
        return new String[] {m, spec};
    }
}
