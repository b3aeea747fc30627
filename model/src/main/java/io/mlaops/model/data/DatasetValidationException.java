package io.mlaops.model.data;

/**
 * A data set, split or argument that does not meet the documented shape; the message names the data
 * set, split, modality, row or value that is wrong and what was expected.
 */
public final class DatasetValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and what was expected
     */
    public DatasetValidationException(String message) {
        super(message);
    }
}
