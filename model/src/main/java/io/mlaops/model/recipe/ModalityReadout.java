package io.mlaops.model.recipe;

/**
 * How a recipe's model gives each modality's own logits through the shared head (W, b), used for
 * each modality's accuracy, for DF and for fixed fusion.
 */
public enum ModalityReadout {
    /**
     * {@code z_m = f_m W^T + b}: each modality was trained through the whole head (MLA, unimodal).
     */
    FULL_HEAD,
    /**
     * {@code z_m = f_m W^T + b/M}: the modality's share of fused logits {@code z = sum_m f_m W^T +
     * b} (joint training and the methods built on it: balancing-methods.md).
     */
    BIAS_SHARE
}
