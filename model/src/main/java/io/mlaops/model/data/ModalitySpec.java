package io.mlaops.model.data;

import java.util.List;
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
 * @param shape the shape of one sample: {@code [D]} (a feature vector), {@code [T, F]} (a
 *     spectrogram: time frames x frequency bands) or {@code [C, H, W]} (an image: channels, height,
 *     width); its product is {@code dimension}. Values are stored row-major (C order), one sample
 *     after the other, so a split's matrix is {@code N x dimension} whatever the shape.
 */
public record ModalitySpec(String name, int dimension, String kind, List<Integer> shape) {

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
        shape = List.copyOf(Objects.requireNonNull(shape, "modality shape"));
        requireShape(name, shape);
        long product = 1;
        for (int s : shape) {
            product *= s;
        }
        if (product != dimension) {
            throw new DatasetValidationException(
                    "modality '"
                            + name
                            + "' has shape "
                            + shape
                            + " ("
                            + product
                            + " values per sample) but dimension "
                            + dimension
                            + ": expected the shape's product to equal the dimension");
        }
    }

    /** A feature vector: shape {@code [dimension]}. */
    public ModalitySpec(String name, int dimension, String kind) {
        this(name, dimension, kind, List.of(dimension));
    }

    /**
     * A modality of the given sample shape.
     *
     * @param shape {@code [D]}, {@code [T, F]} or {@code [C, H, W]}
     * @throws DatasetValidationException for another rank or a size below 1
     */
    public static ModalitySpec shaped(String name, List<Integer> shape, String kind) {
        requireShape(name, shape);
        long product = 1;
        for (int s : shape) {
            product *= s;
        }
        if (product > Integer.MAX_VALUE) {
            throw new DatasetValidationException(
                    "modality '" + name + "' has shape " + shape + ": too many values per sample");
        }
        return new ModalitySpec(name, (int) product, kind, shape);
    }

    /**
     * @return whether a sample is a plain feature vector ({@code [D]})
     */
    public boolean isVector() {
        return shape.size() == 1;
    }

    /**
     * @return the shape as text, e.g. {@code [1, 28, 28]}
     */
    public String shapeText() {
        return shape.toString();
    }

    /**
     * @throws DatasetValidationException unless {@code shape} is {@code [D]}, {@code [T, F]} or
     *     {@code [C, H, W]} with every size at least 1
     */
    public static void requireShape(String name, List<Integer> shape) {
        if (shape == null || shape.isEmpty() || shape.size() > 3) {
            throw new DatasetValidationException(
                    "modality '"
                            + name
                            + "' has shape "
                            + shape
                            + ": expected [D] (a vector), [T, F] (a spectrogram) or [C, H, W] (an image)");
        }
        for (Integer s : shape) {
            if (s == null || s < 1) {
                throw new DatasetValidationException(
                        "modality '"
                                + name
                                + "' has shape "
                                + shape
                                + ": expected every size to be at least 1");
            }
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
