package io.mlaops.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.mlaops.model.nn.MultimodalNetwork;
import io.mlaops.model.nn.NamedParameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Alternating unimodal steps through the shared head (MLA; with one modality, unimodal training):
 * per batch, each modality in turn: forward {@code z_m = g(f_m(x_m))}, {@code L_m = CE(z_m, y)},
 * backward, the gradient hook (HGM or none), update of {@code f_m} and {@code g} only. The other
 * encoders are not touched: their values and optimizer state stay bitwise as they were. Samples
 * lacking modality m skip its step; there is no joint loss.
 */
public final class AlternatingTrainer implements Trainer {
    private final GradientHook hook;
    private final boolean drift;

    /**
     * @param hook rewrites each step's gradients (e.g. HGM); {@link GradientHook#NONE} for none
     * @param drift also step the idle encoders with a zero gradient (the public code's drift)
     */
    public AlternatingTrainer(GradientHook hook, boolean drift) {
        this.hook = hook;
        this.drift = drift;
    }

    @Override
    public void trainBatch(StepContext ctx, int[] rows) {
        List<String> order = ctx.stepModalities();
        for (int k = 0; k < order.size(); k++) {
            modalityStep(ctx, order.get(k), k, rows);
        }
    }

    /**
     * One unimodal step through the shared head.
     *
     * @param ctx context
     * @param m modality
     * @param index modality index (for the dropout stream)
     * @param batchRows the batch
     */
    public void modalityStep(StepContext ctx, String m, int index, int[] batchRows) {
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
            boolean[] all = new boolean[rows.length];
            java.util.Arrays.fill(all, true);
            List<NamedParameter> ps = new ArrayList<>(ctx.network().parameters("encoder." + m));
            ps.addAll(ctx.network().parameters(MultimodalNetwork.HEAD));
            // outside the gradient collector no graph is recorded, so the hook reads plain values
            StepGradients g = ctx.gradients(step, y).modality(m, features, logits, all).collect(ps);
            hook.apply(g);
            ctx.update(g);
            if (drift) {
                ctx.driftIdleEncoders(m, step);
            }
        }
    }

    /**
     * @return the gradient hook (tests reach HGM's matrix through it)
     */
    @Override
    public GradientHook hook() {
        return hook;
    }
}
