package io.mlaops.model.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.fusion.FusionMode;
import io.mlaops.model.fusion.LogitFusion;
import io.mlaops.model.nn.MultimodalNetwork;
import io.mlaops.model.recipe.ModalityReadout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a trained network: fixed fusion, dynamic fusion, per modality, gap, missing modalities.
 */
public final class Evaluator {
    private static final int BATCH = 512;

    private Evaluator() {}

    /**
     * Runs every listed modality's encoder and the head over a split (no dropout, no gradient).
     *
     * @param net the network
     * @param split the data
     * @param modalities modalities to run
     * @param readout how each modality's logits are read through the head (whole head or bias
     *     share)
     * @param parent manager under which temporaries live (closed before returning)
     * @return logits and features per modality
     */
    public static SplitOutputs outputs(
            MultimodalNetwork net,
            MultimodalSplit split,
            List<String> modalities,
            ModalityReadout readout,
            NDManager parent) {
        int n = split.size();
        int c = net.numClasses();
        int d = net.featureDim();
        Map<String, float[]> logits = new LinkedHashMap<>();
        Map<String, float[]> features = new LinkedHashMap<>();
        Map<String, boolean[]> present = new LinkedHashMap<>();
        for (String m : modalities) {
            int dm = split.dimension(m);
            float[] all = split.features(m);
            float[] z = new float[n * c];
            float[] f = new float[n * d];
            for (int start = 0; start < n; start += BATCH) {
                int rows = Math.min(BATCH, n - start);
                float[] chunk = new float[rows * dm];
                System.arraycopy(all, start * dm, chunk, 0, rows * dm);
                try (NDManager step = parent.newSubManager()) {
                    NDArray x = step.create(chunk, new Shape(rows, dm));
                    NDArray feats = net.encoder(m).forward(x, null).stopGradient();
                    NDArray out =
                            (readout == ModalityReadout.BIAS_SHARE
                                            ? net.headShare(feats, modalities.size())
                                            : net.headForward(feats))
                                    .stopGradient();
                    System.arraycopy(feats.toFloatArray(), 0, f, start * d, rows * d);
                    System.arraycopy(out.toFloatArray(), 0, z, start * c, rows * c);
                }
            }
            logits.put(m, z);
            features.put(m, f);
            present.put(m, split.present(m));
        }
        return new SplitOutputs(
                List.copyOf(modalities), logits, features, present, split.labels(), c, d);
    }

    /**
     * @return the report computed from precomputed outputs
     */
    public static EvaluationReport evaluate(SplitOutputs o, EvaluationConfig cfg) {
        int n = o.size();
        int c = o.classes();
        List<float[]> z = new ArrayList<>();
        List<boolean[]> p = new ArrayList<>();
        for (String m : o.modalities()) {
            z.add(o.logits().get(m));
            p.add(o.present().get(m));
        }
        int[] fixedPred =
                LogitFusion.argmax(LogitFusion.fixed(z, p, cfg.weightsFor(z.size()), n, c), n, c);
        double[] dyn =
                cfg.dynamicMode() == FusionMode.DYNAMIC_BATCH
                        ? LogitFusion.dynamicBatch(z, p, n, c, cfg.dynamicBatchSize())
                        : LogitFusion.dynamic(z, p, n, c);
        int[] dynPred = LogitFusion.argmax(dyn, n, c);
        int[][] cmFixed = ClassificationMetrics.confusion(fixedPred, o.labels(), c);
        int[][] cmDyn = ClassificationMetrics.confusion(dynPred, o.labels(), c);
        Map<String, Double> perModality = new LinkedHashMap<>();
        for (int m = 0; m < z.size(); m++) {
            double[] asDouble = new double[n * c];
            float[] zm = z.get(m);
            for (int k = 0; k < asDouble.length; k++) {
                asDouble[k] = zm[k];
            }
            perModality.put(
                    o.modalities().get(m),
                    ClassificationMetrics.accuracy(
                            LogitFusion.argmax(asDouble, n, c), o.labels(), p.get(m)));
        }
        Map<String, Double> gaps = new LinkedHashMap<>();
        double gapSum = 0;
        for (int a = 0; a < z.size(); a++) {
            for (int b = a + 1; b < z.size(); b++) {
                String ma = o.modalities().get(a);
                String mb = o.modalities().get(b);
                double g =
                        ModalityGap.between(
                                o.features().get(ma),
                                p.get(a),
                                o.features().get(mb),
                                p.get(b),
                                o.featureDim());
                gaps.put(ma + "|" + mb, g);
                gapSum += g;
            }
        }
        double gap = gaps.isEmpty() ? Double.NaN : gapSum / gaps.size();
        return new EvaluationReport(
                n,
                ClassificationMetrics.accuracy(fixedPred, o.labels(), null),
                ClassificationMetrics.accuracy(dynPred, o.labels(), null),
                ClassificationMetrics.macroF1(cmFixed),
                ClassificationMetrics.macroF1(cmDyn),
                perModality,
                cmDyn,
                gap,
                gaps,
                Map.of());
    }

    /**
     * Missing-modality grid: for each modality and fraction, the accuracy when that fraction of the
     * test samples lacks it (chosen with {@code seed}).
     *
     * @param full the model's outputs on {@code split} with every modality as it is
     * @param split the split (for the seeded choice of samples)
     * @return one result per (modality, fraction)
     */
    public static List<MissingModalityResult> missingGrid(
            SplitOutputs full,
            MultimodalSplit split,
            EvaluationConfig cfg,
            double[] fractions,
            long seed) {
        List<MissingModalityResult> out = new ArrayList<>();
        for (String m : full.modalities()) {
            for (double f : fractions) {
                boolean[] mask = split.withMissing(m, f, seed).present(m);
                Map<String, boolean[]> present = new LinkedHashMap<>(full.present());
                present.put(m, mask);
                SplitOutputs o =
                        new SplitOutputs(
                                full.modalities(),
                                full.logits(),
                                full.features(),
                                present,
                                full.labels(),
                                full.classes(),
                                full.featureDim());
                EvaluationReport r = evaluate(o, cfg);
                out.add(new MissingModalityResult(m, f, r.fixedAccuracy(), r.dynamicAccuracy()));
            }
        }
        return out;
    }
}
