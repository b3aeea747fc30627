package io.mlaops.model.fusion;

/** How per-modality logits are combined at test time. */
public enum FusionMode {
    /** Fixed weighted sum of logits. */
    FIXED,
    /** Dynamic fusion per sample: weights softmax(-H) over the modalities (the paper). */
    DYNAMIC,
    /**
     * The public code's variant: the softmax of -H runs over the samples of a test batch, so a
     * sample's weights depend on the other samples and on the batch size. Compatibility only.
     */
    DYNAMIC_BATCH;

    /** The names of the DF variants in specs and on the command line. */
    public static final java.util.List<String> DF_VARIANTS = java.util.List.of("sample", "batch");

    /**
     * @param df {@code sample} (the paper, per sample) or {@code batch} (the public code's
     *     per-batch softmax)
     * @return {@link #DYNAMIC} or {@link #DYNAMIC_BATCH}
     * @throws IllegalArgumentException naming the allowed values
     */
    public static FusionMode dynamic(String df) {
        return switch (df) {
            case "sample" -> DYNAMIC;
            case "batch" -> DYNAMIC_BATCH;
            default ->
                    throw new IllegalArgumentException(
                            "DF variant '" + df + "': expected sample or batch");
        };
    }
}
