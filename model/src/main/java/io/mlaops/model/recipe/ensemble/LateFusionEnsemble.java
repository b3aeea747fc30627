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
 * Each member m (a unimodal model) gives class probabilities {@code p_m(x) = softmax(z_m(x))}; a
 * sample's missing modality drops out. Three ways to combine them:
 *
 * <ul>
 *   <li>{@code mean}: {@code argmax_c (1/M) sum_m p_m,c}, the mean of the probabilities (over the
 *       modalities the sample has);
 *   <li>{@code product}: {@code argmax_c sum_m log p_m,c}, their normalised geometric mean (a
 *       product of experts: what a sum of the members' logits predicts, up to their log-partition);
 *   <li>{@code weighted}: {@code argmax_c sum_m w_m log p_m,c} with the weights {@code w >= 0} that
 *       maximise the validation log-likelihood of {@code q = softmax_c(sum_m w_m log p_m,c)} over
 *       the validation samples that have every modality (concave; projected Newton steps with
 *       backtracking from {@code w = 1}, i.e. from {@code product}, until no weight moves by more
 *       than 1e-10, at most 200 steps). Only validation outputs are read to choose them; with no
 *       such sample the weights stay 1 ({@link Result#weightsFromValidation()} false).
 * </ul>
 *
 * The reported weights are normalised to sum 1 (only their ratios change a prediction).
 */
public final class LateFusionEnsemble {
    private LateFusionEnsemble() {}

    /**
     * The ensemble's test numbers.
     *
     * @param report fused accuracy and macro-F1 (fixed fusion; DF numbers NaN), each member's own
     *     accuracy as the modality accuracies, no modality gap (NaN: the members' features live in
     *     different spaces); extra: {@code ensemble_weight_<m>}
     * @param weights the weight of each modality, in member order, normalised to sum 1
     * @param weightsFromValidation whether the weights were fitted on validation (false for {@code
     *     mean} and {@code product}, and for {@code weighted} without a usable validation sample)
     */
    public record Result(
            EvaluationReport report, Map<String, Double> weights, boolean weightsFromValidation) {}

    /**
     * @param variant {@code mean}, {@code product} or {@code weighted}
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
        boolean pooled = !"mean".equals(variant);
        switch (variant) {
            case "mean", "product" -> w = ones(members.size());
            case "weighted" -> {
                List<double[]> logp = new ArrayList<>();
                List<boolean[]> present = new ArrayList<>();
                for (EnsembleMember m : members) {
                    logp.add(logProbabilities(m.validation()));
                    present.add(m.validation().present().get(m.modality()));
                }
                SplitOutputs v = members.get(0).validation();
                double[] fit = logPoolWeights(logp, present, v.labels(), v.classes());
                fitted = fit != null;
                w = fitted ? fit : ones(members.size());
            }
            default ->
                    throw new IllegalArgumentException(
                            "ensemble variant '"
                                    + variant
                                    + "': expected mean, product or weighted");
        }
        SplitOutputs t = members.get(0).test();
        int n = t.size();
        int c = t.classes();
        List<double[]> p = new ArrayList<>();
        List<boolean[]> present = new ArrayList<>();
        for (EnsembleMember m : members) {
            p.add(pooled ? logProbabilities(m.test()) : probabilities(m.test()));
            present.add(m.test().present().get(m.modality()));
        }
        int[] pred = LogitFusion.argmax(weightedSum(p, present, w, n, c), n, c);
        int[][] cm = ClassificationMetrics.confusion(pred, t.labels(), c);
        Map<String, Double> own = new LinkedHashMap<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, Double> extra = new LinkedHashMap<>();
        double total = 0;
        for (double x : w) {
            total += x;
        }
        for (int k = 0; k < members.size(); k++) {
            String m = names.get(k);
            // a member's own prediction: argmax of its log-probabilities or probabilities alike
            own.put(
                    m,
                    ClassificationMetrics.accuracy(
                            LogitFusion.argmax(p.get(k), n, c), t.labels(), present.get(k)));
            double share = total > 0 ? w[k] / total : 1.0 / members.size();
            weights.put(m, share);
            extra.put("ensemble_weight_" + m, share);
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
     * @return row-major (N, C) log-softmax of the member's logits, in double
     */
    static double[] logProbabilities(SplitOutputs o) {
        float[] z = o.logits().get(o.modalities().get(0));
        int n = o.size();
        int c = o.classes();
        double[] out = new double[n * c];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, z[i * c + k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.exp(z[i * c + k] - max);
            }
            double log = max + Math.log(sum);
            for (int k = 0; k < c; k++) {
                out[i * c + k] = z[i * c + k] - log;
            }
        }
        return out;
    }

    /**
     * @return {@code sum_m w_m s_m} over the members present in each sample, (N, C); all zeros for
     *     a sample without any member
     */
    static double[] weightedSum(
            List<double[]> s, List<boolean[]> present, double[] w, int n, int c) {
        double[] out = new double[n * c];
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < s.size(); m++) {
                if (!present.get(m)[i]) {
                    continue;
                }
                for (int k = 0; k < c; k++) {
                    out[i * c + k] += w[m] * s.get(m)[i * c + k];
                }
            }
        }
        return out;
    }

    /** Convergence threshold of the fitted weights. */
    static final double WEIGHT_TOLERANCE = 1e-10;

    /** Cap on Newton steps. */
    static final int MAX_NEWTON_STEPS = 200;

    /**
     * The log-linear pooling weights {@code w >= 0} maximising {@code sum_i log softmax_c(sum_m w_m
     * log p_m,c(x_i))[y_i]} over the validation samples that have every member: projected Newton
     * steps (a 1e-9 ridge keeps the Hessian invertible) with backtracking, from {@code w = 1}.
     *
     * @param logp each member's log-probabilities on validation, (N, C)
     * @param present each member's presence on validation
     * @param labels validation labels
     * @param c classes
     * @return the weights, or null when no validation sample has every member
     */
    static double[] logPoolWeights(
            List<double[]> logp, List<boolean[]> present, int[] labels, int c) {
        int members = logp.size();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            boolean all = true;
            for (int m = 0; m < members; m++) {
                all &= present.get(m)[i];
            }
            if (all) {
                rows.add(i);
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        double[] w = ones(members);
        double f = nll(logp, rows, labels, c, w, null, null);
        for (int step = 0; step < MAX_NEWTON_STEPS; step++) {
            double[] g = new double[members];
            double[][] h = new double[members][members];
            nll(logp, rows, labels, c, w, g, h);
            for (int m = 0; m < members; m++) {
                h[m][m] += 1e-9;
            }
            double[] d = solve(h, g);
            double moved = 0;
            double[] next = null;
            double fNext = f;
            for (double t = 1; t > 1e-12; t /= 2) {
                double[] x = new double[members];
                for (int m = 0; m < members; m++) {
                    x[m] = Math.max(0, w[m] - t * d[m]);
                }
                double fx = nll(logp, rows, labels, c, x, null, null);
                if (fx <= f) {
                    next = x;
                    fNext = fx;
                    break;
                }
            }
            if (next == null) {
                break; // no step lowers the loss: at the optimum up to rounding
            }
            for (int m = 0; m < members; m++) {
                moved = Math.max(moved, Math.abs(next[m] - w[m]));
            }
            w = next;
            f = fNext;
            if (moved <= WEIGHT_TOLERANCE) {
                break;
            }
        }
        return w;
    }

    /**
     * The mean negative log-likelihood of the pooled prediction; fills its gradient and Hessian in
     * w when asked ({@code g_m = mean_i (E_q[l_m] - l_m,y)}, {@code H_mk = mean_i Cov_q(l_m, l_k)},
     * l = log p).
     */
    private static double nll(
            List<double[]> logp,
            List<Integer> rows,
            int[] labels,
            int c,
            double[] w,
            double[] g,
            double[][] h) {
        int members = logp.size();
        double loss = 0;
        double[] s = new double[c];
        double[] q = new double[c];
        for (int i : rows) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                double v = 0;
                for (int m = 0; m < members; m++) {
                    v += w[m] * logp.get(m)[i * c + k];
                }
                s[k] = v;
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                q[k] = Math.exp(s[k] - max);
                sum += q[k];
            }
            loss += max + Math.log(sum) - s[labels[i]];
            if (g == null) {
                continue;
            }
            double[] mean = new double[members];
            for (int k = 0; k < c; k++) {
                q[k] /= sum;
                for (int m = 0; m < members; m++) {
                    mean[m] += q[k] * logp.get(m)[i * c + k];
                }
            }
            for (int m = 0; m < members; m++) {
                g[m] += (mean[m] - logp.get(m)[i * c + labels[i]]) / rows.size();
                for (int j = 0; j < members; j++) {
                    double cov = 0;
                    for (int k = 0; k < c; k++) {
                        cov +=
                                q[k]
                                        * (logp.get(m)[i * c + k] - mean[m])
                                        * (logp.get(j)[i * c + k] - mean[j]);
                    }
                    h[m][j] += cov / rows.size();
                }
            }
        }
        return loss / rows.size();
    }

    /**
     * @return {@code x} with {@code a x = b} (Gaussian elimination with partial pivoting; a is
     *     small)
     */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int k = col; k <= n; k++) {
                    m[r][k] -= f * m[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double v = m[i][n];
            for (int k = i + 1; k < n; k++) {
                v -= m[i][k] * x[k];
            }
            x[i] = v / m[i][i];
        }
        return x;
    }

    private static double[] ones(int m) {
        double[] w = new double[m];
        Arrays.fill(w, 1.0);
        return w;
    }
}
