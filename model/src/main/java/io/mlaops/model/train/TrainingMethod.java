package io.mlaops.model.train;

/** The training methods the platform compares. */
public enum TrainingMethod {
    /** Alternating unimodal adaptation through a shared head (optionally with HGM). */
    MLA,
    /** Joint training: all encoders and the head, one loss on the fused logits, one step. */
    JOINT,
    /** One modality alone (its encoder and the head). */
    UNIMODAL;

    /**
     * @param s mla, joint or unimodal (case-insensitive)
     * @return the method
     * @throws IllegalArgumentException naming the allowed values
     */
    public static TrainingMethod parse(String s) {
        return io.mlaops.model.util.EnumNames.parse(TrainingMethod.class, "method", s);
    }

    /** @return lower-case name as used on the command line */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
