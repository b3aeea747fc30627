package io.mlaops.model.recipe.mmpareto;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import io.mlaops.model.eval.SplitOutputs;
import io.mlaops.model.nn.DenseLayer;
import io.mlaops.model.nn.MultimodalNetwork;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.train.GradientHook;
import io.mlaops.model.train.Seeds;
import io.mlaops.model.train.StepContext;
import io.mlaops.model.train.StepGradients;
import io.mlaops.model.train.Trainer;
import io.mlaops.model.train.TrainerParts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * MMPareto's step: the fused loss {@code L_f = CE(sum_m mask_m f_m W^T + b, y)} and one loss per
 * modality through its own head, {@code L_m = CE(f_m U_m^T + c_m, y)} over the samples that have m.
 * Two backward passes give each encoder's {@code a = dL_f/dtheta_m} and {@code c = dL_m/dtheta_m}
 * (encoder m reaches only L_f and L_m, so the second pass on {@code sum_m L_m} gives every c at
 * once; both forwards draw the same dropout masks); {@link ParetoHook} combines them, the heads
 * keep their plain gradients, one optimizer step. The own heads are this trainer's parameters:
 * checkpointed with their optimizer state.
 */
final class MmParetoTrainer implements Trainer {
    private static final long HEADS = 0x50415245544fL; // "PARETO"

    private final Map<String, DenseLayer> heads = new LinkedHashMap<>();
    private final GradientHook hook;

    MmParetoTrainer(TrainerParts parts, GradientHook hook) {
        this.hook = hook;
        MultimodalNetwork net = parts.network();
        int index = 0;
        for (String m : parts.stepModalities()) {
            // a generator per modality, split off the cell's seed: adding a head changes no other
            // initial value
            SplittableRandom rnd =
                    new SplittableRandom(Seeds.mix(parts.cell().seed(), HEADS, index++));
            String name = "pareto.head." + m;
            heads.put(
                    m,
                    new DenseLayer(
                            parts.manager(),
                            name,
                            name,
                            net.featureDim(),
                            net.numClasses(),
                            rnd,
                            parts.restored()));
        }
    }

    @Override
    public void trainBatch(StepContext ctx, int[] rows) {
        List<String> modalities = ctx.stepModalities();
        MultimodalNetwork net = ctx.network();
        try (NDManager step = ctx.newStepManager()) {
            int[] y = ctx.labels(rows);
            NDArray target = ctx.oneHot(y, step);
            List<NDArray> x = new ArrayList<>();
            List<NDArray> masks = new ArrayList<>();
            List<boolean[]> present = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (String m : modalities) {
                x.add(ctx.features(m, rows, step));
                masks.add(ctx.presenceColumn(m, rows, step));
                boolean[] p = ctx.presence(m, rows);
                int n = 0;
                for (boolean b : p) {
                    n += b ? 1 : 0;
                }
                present.add(p);
                counts.add(n);
            }
            // pass 1: the fused loss; its encoder gradients are kept aside as component a, then
            // zeroed
            List<NDArray> features = new ArrayList<>();
            try (GradientCollector gc = step.getEngine().newGradientCollector()) {
                NDArray fused = null;
                for (int k = 0; k < modalities.size(); k++) {
                    NDArray f =
                            ctx.encode(
                                    modalities.get(k),
                                    x.get(k),
                                    present.get(k),
                                    ctx.dropoutRandom(k),
                                    true);
                    NDArray z = net.headWeightOnly(f).mul(masks.get(k));
                    fused = fused == null ? z : fused.add(z);
                    features.add(f);
                }
                gc.backward(StepContext.crossEntropy(fused.add(net.head().bias().array()), target));
            }
            StepGradients g = ctx.gradients(step, y);
            List<NamedParameter> ps = new ArrayList<>();
            for (int k = 0; k < modalities.size(); k++) {
                String m = modalities.get(k);
                for (NamedParameter p : net.parameters("encoder." + m)) {
                    NDArray grad = p.array().getGradient();
                    grad.attach(step);
                    g.component(ParetoHook.FUSED, p, grad.duplicate());
                    grad.subi(grad); // the second pass accumulates c alone
                }
            }
            // pass 2: every modality's own loss (same dropout masks: the generators restart)
            List<NDArray> own = new ArrayList<>();
            try (GradientCollector gc = step.getEngine().newGradientCollector()) {
                NDArray total = null;
                for (int k = 0; k < modalities.size(); k++) {
                    if (counts.get(k) == 0) {
                        own.add(null);
                        continue;
                    }
                    String m = modalities.get(k);
                    // the same batch again: batch norm's running statistics took it in pass 1
                    NDArray f =
                            ctx.encode(m, x.get(k), present.get(k), ctx.dropoutRandom(k), false);
                    NDArray u = heads.get(m).forward(f);
                    // mean CE over the samples that have m
                    NDArray loss =
                            u.logSoftmax(1)
                                    .mul(target)
                                    .sum(new int[] {1}, true)
                                    .mul(masks.get(k))
                                    .sum()
                                    .div(StepContext.autogradScalar(u, -counts.get(k)));
                    total = total == null ? loss : total.add(loss);
                    own.add(u);
                }
                if (total != null) {
                    gc.backward(total);
                }
            }
            for (int k = 0; k < modalities.size(); k++) {
                String m = modalities.get(k);
                NDArray f = features.get(k).stopGradient();
                NDArray share = net.headShare(f, modalities.size());
                g.modality(m, f, share, present.get(k));
                if (counts.get(k) == 0) {
                    continue;
                }
                ctx.recordMasked(m, share, masks.get(k), target, y, present.get(k), counts.get(k));
                for (NamedParameter p : net.parameters("encoder." + m)) {
                    NDArray c = p.array().getGradient();
                    c.attach(step);
                    g.component(ParetoHook.OWN, p, c);
                    ps.add(p);
                }
                ps.addAll(heads.get(m).parameters());
            }
            ps.addAll(net.parameters(MultimodalNetwork.HEAD));
            g.collect(ps);
            hook.apply(g);
            ctx.update(g);
        }
    }

    @Override
    public GradientHook hook() {
        return hook;
    }

    @Override
    public List<NamedParameter> extraParameters() {
        List<NamedParameter> out = new ArrayList<>();
        heads.values().forEach(h -> out.addAll(h.parameters()));
        return out;
    }

    /**
     * Accuracy of each modality through its own head, over the samples that have it ({@code
     * own_head_acc_<m>}).
     */
    @Override
    public Map<String, Double> extraMetrics(SplitOutputs outputs, NDManager manager) {
        Map<String, Double> out = new LinkedHashMap<>();
        int d = outputs.featureDim();
        for (String m : outputs.modalities()) {
            DenseLayer h = heads.get(m);
            if (h == null) {
                continue;
            }
            float[] f = outputs.features().get(m);
            int n = outputs.size();
            NDArray x = manager.create(f, new Shape(n, d));
            long[] pred =
                    Linear.linear(x, h.weight().array(), h.bias().array())
                            .singletonOrThrow()
                            .argMax(1)
                            .toLongArray();
            boolean[] present = outputs.present().get(m);
            int correct = 0;
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (present[i]) {
                    count++;
                    correct += pred[i] == outputs.labels()[i] ? 1 : 0;
                }
            }
            out.put("own_head_acc_" + m, count == 0 ? Double.NaN : (double) correct / count);
        }
        return out;
    }
}
