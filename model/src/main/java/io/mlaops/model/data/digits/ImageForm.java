package io.mlaops.model.data.digits;

/** How AV-digits stores its image. */
public enum ImageForm {
    /** 2 x 2 average-pooled to 14 x 14 and flattened: a 196-d vector (the first form). */
    POOLED,
    /** The 28 x 28 digit, not pooled, as a one-channel image [1, 28, 28]. */
    FULL
}
