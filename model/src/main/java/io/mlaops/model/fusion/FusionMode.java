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
    DYNAMIC_BATCH
}
