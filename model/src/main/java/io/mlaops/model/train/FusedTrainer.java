package io.mlaops.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.mlaops.model.nn.MultimodalNetwork;
import io.mlaops.model.nn.NamedParameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Joint training on the fused loss (late fusion), the baseline in which modality laziness shows,
 * and the base of OGM: every encoder and the head, one cross-entropy on the fused logits {@code z =
 * sum_m mask_m f_m W^T + b} (a sample's missing modality contributes nothing), the gradient hook,
 * one step. An encoder none of whose samples is present in the batch is not stepped. Each
 * modality's share {@code z_m = f_m W^T + b/M} gives its loss and accuracy for the history and is
 * what the hook reads.
 */
public final class FusedTrainer implements Trainer {
    private final GradientHook hook;

    /**
     * @param hook rewrites each step's gradients (e.g. OGM); {@link GradientHook#NONE} for plain
     *     joint training
     */
    public FusedTrainer(GradientHook hook) {
        this.hook = hook;
    }

    @Override
    public void trainBatch(StepContext ctx, int[] rows) {
        List<String> modalities = ctx.stepModalities();
        MultimodalNetwork net = ctx.network();
        try (NDManager step = ctx.newStepManager()) {
            int[] y = ctx.labels(rows);
            NDArray target = ctx.oneHot(y, step);
            List<NDArray> features = new ArrayList<>();
            List<NDArray> masks = new ArrayList<>();
            NDArray loss;
            try (GradientCollector gc = step.getEngine().newGradientCollector()) {
                NDArray fused = null;
                for (int k = 0; k < modalities.size(); k++) {
                    String m = modalities.get(k);
                    NDArray x = ctx.features(m, rows, step);
                    NDArray mask = ctx.presenceColumn(m, rows, step);
                    NDArray f = ctx.encode(m, x, ctx.presence(m, rows), ctx.dropoutRandom(k), true);
                    NDArray masked = net.headWeightOnly(f).mul(mask);
                    fused = fused == null ? masked : fused.add(masked);
                    features.add(f);
                    masks.add(mask);
                }
                fused = fused.add(net.head().bias().array());
                loss = StepContext.crossEntropy(fused, target);
                gc.backward(loss);
            }
            StepGradients g = ctx.gradients(step, y);
            List<NamedParameter> ps = new ArrayList<>();
            for (int k = 0; k < modalities.size(); k++) {
                String m = modalities.get(k);
                boolean[] present = ctx.presence(m, rows);
                int count = 0;
                for (boolean b : present) {
                    count += b ? 1 : 0;
                }
                NDArray f = features.get(k).stopGradient();
                NDArray share = net.headShare(f, modalities.size());
                g.modality(m, f, share, present);
                if (count == 0) {
                    continue;
                }
                ctx.recordMasked(m, share, masks.get(k), target, y, present, count);
                ps.addAll(net.parameters("encoder." + m));
            }
            ps.addAll(net.parameters(MultimodalNetwork.HEAD));
            g.collect(ps);
            hook.apply(g);
            ctx.update(g);
        }
    }

    /**
     * @return the gradient hook
     */
    @Override
    public GradientHook hook() {
        return hook;
    }
}
