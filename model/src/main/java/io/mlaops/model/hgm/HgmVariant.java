package io.mlaops.model.hgm;

/** Which head gradient modification to apply (method.md, "HGM"). */
public enum HgmVariant {
    /** No modification: the head's gradient is used as it is. */
    OFF,
    /** The paper: fixed {@code alpha}, {@code P} not rescaled. */
    PAPER,
    /**
     * The public code: {@code alpha = 0.1^(1 + batch/batchesPerEpoch)} and {@code P} rescaled to
     * unit Frobenius norm after each update.
     */
    CODE;

    /**
     * @param s off, paper or code (case-insensitive)
     * @return the variant
     * @throws IllegalArgumentException naming the allowed values
     */
    public static HgmVariant parse(String s) {
        return io.mlaops.model.util.EnumNames.parse(HgmVariant.class, "HGM variant", s);
    }
}
