package io.mlaops.model.train;

/**
 * One training method's work on one batch. The {@link TrainingSession} owns everything else
 * (data order, epochs, history, checkpoints), so the methods differ only in what they do with a
 * batch and compare on equal terms.
 */
public interface Trainer {
    /** @return the method this trainer implements */
    TrainingMethod method();

    /**
     * Trains on one batch: forward, backward and an update of exactly the parameters that took
     * part; records per-modality loss and accuracy in the context.
     *
     * @param ctx the step context of this batch
     * @param rows training-split row indices of the batch
     */
    void trainBatch(StepContext ctx, int[] rows);

    /**
     * @param method the method
     * @return its trainer
     */
    static Trainer of(TrainingMethod method) {
        return switch (method) {
            case MLA -> new MlaTrainer();
            case JOINT -> new JointTrainer();
            case UNIMODAL -> new UnimodalTrainer();
        };
    }
}
