package io.mlaops.model.data;

import java.util.Objects;

/**
 * One declared modality of a data set.
 *
 * @param name unique name (for example {@code image}, {@code audio}); letters, digits, '_' and '-'
 * @param dimension feature dimension d_m, at least 1
 * @param kind free-form description of what the features are ({@code image}, {@code audio},
 *     {@code text}, {@code tabular}, {@code synthetic}, ...)
 */
public record ModalitySpec(String name, int dimension, String kind) {

    /** @throws DatasetValidationException if the name is blank or malformed or the dimension < 1 */
    public ModalitySpec {
        Objects.requireNonNull(name, "modality name");
        Objects.requireNonNull(kind, "modality kind");
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new DatasetValidationException(
                    "modality name '" + name + "' is invalid: expected letters, digits, '_' or '-'");
        }
        if (dimension < 1) {
            throw new DatasetValidationException(
                    "modality '" + name + "' has dimension " + dimension + ": expected at least 1");
        }
    }
}
