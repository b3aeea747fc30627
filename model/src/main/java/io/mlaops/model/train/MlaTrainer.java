package io.mlaops.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;

/**
 * MLA: per batch, each modality in turn takes its own step through the shared head:
 * forward {@code z_m = g(f_m(x_m))}, {@code L_m = CE(z_m, y)}, backward, HGM on the head's weight
 * gradient (if on), update of {@code f_m} and {@code g} only. The other encoders are not touched:
 * their values and optimizer state stay bitwise as they were. Samples lacking modality m skip
 * its step; there is no joint loss.
 */
public final class MlaTrainer implements Trainer {
    @Override
    public TrainingMethod method() {
        return TrainingMethod.MLA;
    }

    @Override
    public void trainBatch(StepContext ctx, int[] rows) {
        List<String> order = ctx.stepModalities();
        for (int k = 0; k < order.size(); k++) {
            modalityStep(ctx, order.get(k), k, rows, ctx.config().idleEncoderDrift());
        }
    }

    /**
     * One unimodal step through the shared head (also used by {@link UnimodalTrainer}).
     *
     * @param ctx context
     * @param m modality
     * @param index modality index (for the dropout stream)
     * @param batchRows the batch
     * @param drift step idle encoders too (public-code compatibility)
     */
    static void modalityStep(StepContext ctx, String m, int index, int[] batchRows, boolean drift) {
        int[] rows = ctx.presentRows(m, batchRows);
        if (rows.length == 0) {
            return;
        }
        try (NDManager step = ctx.newStepManager()) {
            NDArray x = ctx.features(m, rows, step);
            int[] y = ctx.labels(rows);
            NDArray target = ctx.oneHot(y, step);
            NDArray features;
            NDArray logits;
            NDArray loss;
            try (GradientCollector gc = step.getEngine().newGradientCollector()) {
                features = ctx.network().encoder(m).forward(x, ctx.dropoutRandom(index));
                logits = ctx.network().headForward(features);
                loss = StepContext.crossEntropy(logits, target);
                gc.backward(loss);
            }
            ctx.record(m, loss.getFloat(), StepContext.correct(logits, y), rows.length);
            ctx.updateGroup("encoder." + m, step);
            ctx.updateHead(features, step);
            if (drift) {
                ctx.driftIdleEncoders(m, step);
            }
        }
    }
}
