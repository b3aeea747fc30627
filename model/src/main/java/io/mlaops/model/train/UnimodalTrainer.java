package io.mlaops.model.train;

/** One modality alone: its encoder and the head, trained on the samples that have it. */
public final class UnimodalTrainer implements Trainer {
    @Override
    public TrainingMethod method() {
        return TrainingMethod.UNIMODAL;
    }

    @Override
    public void trainBatch(StepContext ctx, int[] rows) {
        MlaTrainer.modalityStep(ctx, ctx.stepModalities().get(0), 0, rows, false);
    }
}
