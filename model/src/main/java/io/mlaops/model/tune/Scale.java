package io.mlaops.model.tune;

/** How a numeric range of a {@link Dimension} is spread: evenly, or evenly in its logarithm. */
public enum Scale {
    /** Uniform on {@code [low, high]}. */
    LINEAR,
    /** Uniform in {@code log} on {@code [low, high]} ({@code low > 0}): each decade as likely. */
    LOG;

    /**
     * @param s {@code linear} or {@code log} (case-insensitive)
     * @return the scale
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Scale parse(String s) {
        return io.mlaops.model.util.EnumNames.parse(Scale.class, "scale", s);
    }
}
