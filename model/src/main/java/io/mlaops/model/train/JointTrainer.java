package io.mlaops.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.mlaops.model.nn.MultimodalNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * Joint training (late fusion), the baseline in which modality laziness shows: every encoder and
 * the head, one cross-entropy on the fused logits {@code sum_m mask_m z_m} (a sample's missing
 * modality contributes nothing), one step. An encoder none of whose samples is present in the
 * batch is not stepped. Each modality's own loss and accuracy are recorded for the history only.
 */
public final class JointTrainer implements Trainer {
    @Override
    public TrainingMethod method() {
        return TrainingMethod.JOINT;
    }

    @Override
    public void trainBatch(StepContext ctx, int[] rows) {
        List<String> modalities = ctx.stepModalities();
        try (NDManager step = ctx.newStepManager()) {
            int[] y = ctx.labels(rows);
            NDArray target = ctx.oneHot(y, step);
            List<NDArray> logits = new ArrayList<>();
            List<NDArray> masks = new ArrayList<>();
            NDArray loss;
            try (GradientCollector gc = step.getEngine().newGradientCollector()) {
                NDArray fused = null;
                for (int k = 0; k < modalities.size(); k++) {
                    String m = modalities.get(k);
                    NDArray x = ctx.features(m, rows, step);
                    NDArray mask = ctx.presenceColumn(m, rows, step);
                    NDArray z = ctx.network().headForward(ctx.network().encoder(m).forward(x, ctx.dropoutRandom(k)));
                    NDArray masked = z.mul(mask);
                    fused = fused == null ? masked : fused.add(masked);
                    logits.add(z);
                    masks.add(mask);
                }
                loss = StepContext.crossEntropy(fused, target);
                gc.backward(loss);
            }
            for (int k = 0; k < modalities.size(); k++) {
                String m = modalities.get(k);
                int[] present = ctx.presentRows(m, rows);
                if (present.length == 0) {
                    continue;
                }
                recordModality(ctx, m, logits.get(k).stopGradient(), masks.get(k), target, y, rows, present.length);
                ctx.updateGroup("encoder." + m, step);
            }
            ctx.updateGroup(MultimodalNetwork.HEAD, step);
        }
    }

    private static void recordModality(StepContext ctx, String m, NDArray z, NDArray mask, NDArray target,
            int[] y, int[] rows, int presentCount) {
        // per-sample CE, averaged over the samples that have the modality
        NDArray perSample = z.logSoftmax(1).mul(target).sum(new int[] {1}, true).mul(mask);
        double loss = -perSample.sum().getFloat() / presentCount;
        long[] pred = z.argMax(1).toLongArray();
        float[] present = mask.toFloatArray();
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            if (present[i] > 0 && pred[i] == y[i]) {
                correct++;
            }
        }
        ctx.record(m, loss, correct, presentCount);
    }
}
