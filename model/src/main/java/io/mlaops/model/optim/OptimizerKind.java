package io.mlaops.model.optim;

/** The update rules a trainer can use. */
public enum OptimizerKind {
    /** SGD with momentum and L2 weight decay folded into the gradient. */
    SGD,
    /** Adam with L2 weight decay folded into the gradient. */
    ADAM,
    /** Adam with decoupled weight decay. */
    ADAMW;

    /**
     * @param s case-insensitive name: sgd, adam, adamw
     * @return the kind
     * @throws IllegalArgumentException naming the allowed values
     */
    public static OptimizerKind parse(String s) {
        return io.mlaops.model.util.EnumNames.parse(OptimizerKind.class, "optimizer", s);
    }
}
