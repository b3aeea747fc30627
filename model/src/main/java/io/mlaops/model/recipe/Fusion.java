package io.mlaops.model.recipe;

/** How a trained model's modalities are fused at test time: the evaluations a recipe declares. */
public enum Fusion {
    /** Fixed weighted sum of the modalities' logits (equal weights unless configured). */
    FIXED,
    /** Dynamic fusion (DF): per-sample weights softmax(-entropy); needs per-modality logits. */
    DYNAMIC;

    /**
     * @return {@code DF off} or {@code DF on}
     */
    public String label() {
        return this == FIXED ? "DF off" : "DF on";
    }
}
