package io.mlaops.model.recipe.ensemble;

import io.mlaops.model.eval.ClassificationMetrics;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.eval.SplitOutputs;
import io.mlaops.model.fusion.LogitFusion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of the late-fusion ensemble, on plain numbers so that it can be checked by hand.
 * Each member m (a unimodal model) gives class probabilities {@code p_m(x) = softmax(z_m(x))}; the
 * ensemble predicts {@code argmax_c sum_m w_m p_m,c(x) / sum_m w_m} over the modalities present in
 * the sample (a missing modality drops out and the others' weights are renormalised).
 *
 * <ul>
 *   <li>{@code mean}: {@code w_m = 1/M}.
 *   <li>{@code weighted}: the mixture weights that maximise the validation log-likelihood {@code
 *       sum_i log sum_m w_m p_m,y_i(x_i)} over the validation samples that have every modality
 *       (concave in w, so the maximum is global), found by the EM fixed point {@code w_m <- 1/N
 *       sum_i w_m p_m,y_i(x_i) / sum_k w_k p_k,y_i(x_i)} from equal weights, until no weight moves
 *       by more than 1e-12 (at most 10 000 steps). With no such validation sample the weights stay
 *       equal ({@link Result#weightsFromValidation()} false). Only validation outputs are read to
 *       choose them.
 * </ul>
 */
public final class LateFusionEnsemble {
    /** Convergence threshold of the EM weights. */
    static final double TOLERANCE = 1e-12;

    /** Cap on EM steps. */
    static final int MAX_STEPS = 10_000;

    private LateFusionEnsemble() {}

    /**
     * The ensemble's test numbers.
     *
     * @param report fused accuracy and macro-F1 (fixed fusion; DF numbers NaN), each member's own
     *     accuracy as the modality accuracies, no modality gap (NaN: the members' features live in
     *     different spaces); extra: {@code ensemble_weight_<m>}
     * @param weights the weight of each modality, in member order
     * @param weightsFromValidation whether the weights were fitted on validation (false for {@code
     *     mean}, and for {@code weighted} without a usable validation sample)
     */
    public record Result(
            EvaluationReport report, Map<String, Double> weights, boolean weightsFromValidation) {}

    /**
     * @param variant {@code mean} or {@code weighted}
     * @param members the unimodal models, one per modality, in the data set's modality order
     * @return the ensemble's test numbers
     * @throws IllegalArgumentException for an unknown variant, no member, two members of one
     *     modality or members scored on different samples
     */
    public static Result evaluate(String variant, List<EnsembleMember> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one unimodal model");
        }
        List<String> names = new ArrayList<>();
        for (EnsembleMember m : members) {
            if (names.contains(m.modality())) {
                throw new IllegalArgumentException(
                        "two ensemble members of modality '" + m.modality() + "'");
            }
            names.add(m.modality());
            if (!Arrays.equals(m.test().labels(), members.get(0).test().labels())
                    || !Arrays.equals(
                            m.validation().labels(), members.get(0).validation().labels())) {
                throw new IllegalArgumentException(
                        "ensemble member '"
                                + m.modality()
                                + "' was scored on other samples than '"
                                + names.get(0)
                                + "'");
            }
        }
        double[] w;
        boolean fitted = false;
        switch (variant) {
            case "mean" -> w = equal(members.size());
            case "weighted" -> {
                List<double[]> p = new ArrayList<>();
                List<boolean[]> present = new ArrayList<>();
                for (EnsembleMember m : members) {
                    p.add(probabilities(m.validation()));
                    present.add(m.validation().present().get(m.modality()));
                }
                SplitOutputs v = members.get(0).validation();
                double[] fit = weights(p, present, v.labels(), v.classes());
                fitted = fit != null;
                w = fitted ? fit : equal(members.size());
            }
            default ->
                    throw new IllegalArgumentException(
                            "ensemble variant '" + variant + "': expected mean or weighted");
        }
        SplitOutputs t = members.get(0).test();
        int n = t.size();
        int c = t.classes();
        List<double[]> p = new ArrayList<>();
        List<boolean[]> present = new ArrayList<>();
        for (EnsembleMember m : members) {
            p.add(probabilities(m.test()));
            present.add(m.test().present().get(m.modality()));
        }
        int[] pred = LogitFusion.argmax(mixture(p, present, w, n, c), n, c);
        int[][] cm = ClassificationMetrics.confusion(pred, t.labels(), c);
        Map<String, Double> own = new LinkedHashMap<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, Double> extra = new LinkedHashMap<>();
        for (int k = 0; k < members.size(); k++) {
            String m = names.get(k);
            own.put(
                    m,
                    ClassificationMetrics.accuracy(
                            LogitFusion.argmax(p.get(k), n, c), t.labels(), present.get(k)));
            weights.put(m, w[k]);
            extra.put("ensemble_weight_" + m, w[k]);
        }
        double acc = ClassificationMetrics.accuracy(pred, t.labels(), null);
        double f1 = ClassificationMetrics.macroF1(cm);
        EvaluationReport r =
                new EvaluationReport(
                        n, acc, Double.NaN, f1, Double.NaN, own, cm, Double.NaN, Map.of(), extra);
        return new Result(r, weights, fitted);
    }

    /**
     * @return row-major (N, C) softmax of the member's logits, in double
     */
    static double[] probabilities(SplitOutputs o) {
        float[] z = o.logits().get(o.modalities().get(0));
        int n = o.size();
        int c = o.classes();
        double[] p = new double[n * c];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, z[i * c + k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                p[i * c + k] = Math.exp(z[i * c + k] - max);
                sum += p[i * c + k];
            }
            for (int k = 0; k < c; k++) {
                p[i * c + k] /= sum;
            }
        }
        return p;
    }

    /**
     * @return {@code sum_m w_m p_m / sum_m w_m} over the present members per sample, (N, C); a
     *     sample without any member is all zeros
     */
    static double[] mixture(List<double[]> p, List<boolean[]> present, double[] w, int n, int c) {
        double[] out = new double[n * c];
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (int m = 0; m < p.size(); m++) {
                if (present.get(m)[i]) {
                    total += w[m];
                }
            }
            if (total == 0) {
                continue;
            }
            for (int m = 0; m < p.size(); m++) {
                if (!present.get(m)[i]) {
                    continue;
                }
                double share = w[m] / total;
                for (int k = 0; k < c; k++) {
                    out[i * c + k] += share * p.get(m)[i * c + k];
                }
            }
        }
        return out;
    }

    /**
     * The validation-likelihood weights (EM), over the samples that have every member and give the
     * true class a positive probability under some member.
     *
     * @param p each member's probabilities on validation, (N, C)
     * @param present each member's presence on validation
     * @param labels validation labels
     * @param c classes
     * @return the weights, or null when no validation sample can be used
     */
    static double[] weights(List<double[]> p, List<boolean[]> present, int[] labels, int c) {
        int members = p.size();
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            double[] q = new double[members];
            boolean all = true;
            double any = 0;
            for (int m = 0; m < members; m++) {
                all &= present.get(m)[i];
                q[m] = p.get(m)[i * c + labels[i]];
                any += q[m];
            }
            if (all && any > 0) {
                rows.add(q);
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        double[] w = equal(members);
        for (int step = 0; step < MAX_STEPS; step++) {
            double[] next = new double[members];
            for (double[] q : rows) {
                double mix = 0;
                for (int m = 0; m < members; m++) {
                    mix += w[m] * q[m];
                }
                for (int m = 0; m < members; m++) {
                    next[m] += w[m] * q[m] / mix;
                }
            }
            double moved = 0;
            for (int m = 0; m < members; m++) {
                next[m] /= rows.size();
                moved = Math.max(moved, Math.abs(next[m] - w[m]));
            }
            w = next;
            if (moved <= TOLERANCE) {
                break;
            }
        }
        return w;
    }

    private static double[] equal(int m) {
        double[] w = new double[m];
        Arrays.fill(w, 1.0 / m);
        return w;
    }
}
