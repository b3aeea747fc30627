package io.mlaops.model.data;

import java.util.Objects;

/**
 * One declared modality of a data set.
 *
 * @param name unique name (for example {@code image}, {@code audio}): 1 to 64 letters, digits, '_'
 *     and '-'; not {@code label} and not ending in {@code _present}, the names a data set file
 *     gives the labels and the presence masks
 * @param dimension feature dimension d_m, at least 1
 * @param kind free-form description of what the features are ({@code image}, {@code audio}, {@code
 *     text}, {@code tabular}, {@code synthetic}, ...)
 */
public record ModalitySpec(String name, int dimension, String kind) {

    /** Array name of the labels in a data set file: no modality may take it. */
    public static final String LABEL_ARRAY = "label";

    /** Suffix of a modality's presence-mask array in a data set file. */
    public static final String PRESENT_SUFFIX = "_present";

    /**
     * @throws DatasetValidationException if the name is blank, malformed, too long or one a data
     *     set file needs for itself, or the dimension < 1
     */
    public ModalitySpec {
        Objects.requireNonNull(name, "modality name");
        Objects.requireNonNull(kind, "modality kind");
        requireName(name);
        if (dimension < 1) {
            throw new DatasetValidationException(
                    "modality '" + name + "' has dimension " + dimension + ": expected at least 1");
        }
    }

    /**
     * @param name a modality name
     * @return {@code name}
     * @throws DatasetValidationException if it breaks the rule of {@link #name()}
     */
    public static String requireName(String name) {
        Objects.requireNonNull(name, "modality name");
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new DatasetValidationException(
                    "modality name '"
                            + name
                            + "' is invalid: expected letters, digits, '_' or '-'");
        }
        if (name.length() > 64) {
            throw new DatasetValidationException(
                    "modality name '"
                            + name.substring(0, 64)
                            + "...' has "
                            + name.length()
                            + " characters: expected at most 64");
        }
        if (name.equals(LABEL_ARRAY) || name.endsWith(PRESENT_SUFFIX)) {
            throw new DatasetValidationException(
                    "modality name '"
                            + name
                            + "' is reserved: a data set file stores the labels as '"
                            + LABEL_ARRAY
                            + "' and each modality's mask as '<modality>"
                            + PRESENT_SUFFIX
                            + "'; choose another name");
        }
        return name;
    }
}
