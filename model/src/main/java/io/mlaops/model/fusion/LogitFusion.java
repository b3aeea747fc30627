package io.mlaops.model.fusion;

import java.util.List;

/**
 * Test-time fusion of per-modality logits {@code z_m} (each N x C, row-major).
 *
 * <p>A sample's missing modality drops out: its weight is 0 and the remaining weights are not
 * renormalised for fixed fusion (an absent term simply vanishes from the sum), while dynamic
 * fusion's softmax runs over the present modalities only.
 */
public final class LogitFusion {
    private LogitFusion() {}

    /**
     * Fixed fusion {@code sum_m w_m z_m} over the present modalities.
     *
     * @param logits per modality N x C, in a fixed modality order
     * @param present per modality presence masks (N)
     * @param weights one weight per modality
     * @param n samples
     * @param c classes
     * @return fused logits N x C
     * @throws IllegalArgumentException if the weights do not match the modalities
     */
    public static double[] fixed(
            List<float[]> logits, List<boolean[]> present, double[] weights, int n, int c) {
        if (weights.length != logits.size()) {
            throw new IllegalArgumentException(
                    "fusion has "
                            + weights.length
                            + " weights for "
                            + logits.size()
                            + " modalities: expected one weight per modality");
        }
        double[] out = new double[n * c];
        for (int m = 0; m < logits.size(); m++) {
            float[] z = logits.get(m);
            boolean[] p = present.get(m);
            for (int i = 0; i < n; i++) {
                if (!p[i]) {
                    continue;
                }
                for (int k = 0; k < c; k++) {
                    out[i * c + k] += weights[m] * z[i * c + k];
                }
            }
        }
        return out;
    }

    /**
     * Entropy {@code H = -sum_c p_c log p_c} of {@code softmax(z)} of one row, computed stably.
     *
     * @param z logits
     * @param offset row start
     * @param c classes
     * @return entropy in nats
     */
    public static double entropy(float[] z, int offset, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            max = Math.max(max, z[offset + k]);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            sum += Math.exp(z[offset + k] - max);
        }
        double logSum = Math.log(sum);
        double h = 0;
        for (int k = 0; k < c; k++) {
            double logP = z[offset + k] - max - logSum;
            h -= Math.exp(logP) * logP;
        }
        return h;
    }

    /**
     * Per-sample dynamic weights {@code lambda_m = softmax(-H)_m} over the present modalities.
     *
     * @return weights N x M (row-major); 0 for a missing modality
     */
    public static double[] dynamicWeights(
            List<float[]> logits, List<boolean[]> present, int n, int c) {
        int mCount = logits.size();
        double[] lambda = new double[n * mCount];
        double[] h = new double[mCount];
        for (int i = 0; i < n; i++) {
            double maxNeg = Double.NEGATIVE_INFINITY;
            for (int m = 0; m < mCount; m++) {
                if (present.get(m)[i]) {
                    h[m] = entropy(logits.get(m), i * c, c);
                    maxNeg = Math.max(maxNeg, -h[m]);
                }
            }
            double sum = 0;
            for (int m = 0; m < mCount; m++) {
                if (present.get(m)[i]) {
                    double e = Math.exp(-h[m] - maxNeg);
                    lambda[i * mCount + m] = e;
                    sum += e;
                }
            }
            for (int m = 0; m < mCount; m++) {
                if (sum > 0) {
                    lambda[i * mCount + m] /= sum;
                }
            }
        }
        return lambda;
    }

    /**
     * Dynamic fusion per sample: {@code sum_m lambda_m z_m} with {@code lambda = softmax(-H)}.
     *
     * @return fused logits N x C
     */
    public static double[] dynamic(List<float[]> logits, List<boolean[]> present, int n, int c) {
        double[] lambda = dynamicWeights(logits, present, n, c);
        return weighted(logits, lambda, n, c);
    }

    /**
     * The public code's batch variant: for each modality, the softmax of {@code -H_m,i} runs over
     * the samples {@code i} of each consecutive test batch of {@code batchSize} samples.
     *
     * @param batchSize test batch size, >= 1
     * @return fused logits N x C
     */
    public static double[] dynamicBatch(
            List<float[]> logits, List<boolean[]> present, int n, int c, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("DF batch size " + batchSize + ": expected >= 1");
        }
        int mCount = logits.size();
        double[] lambda = new double[n * mCount];
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            for (int m = 0; m < mCount; m++) {
                boolean[] p = present.get(m);
                double maxNeg = Double.NEGATIVE_INFINITY;
                double[] negH = new double[end - start];
                for (int i = start; i < end; i++) {
                    if (p[i]) {
                        negH[i - start] = -entropy(logits.get(m), i * c, c);
                        maxNeg = Math.max(maxNeg, negH[i - start]);
                    }
                }
                double sum = 0;
                for (int i = start; i < end; i++) {
                    if (p[i]) {
                        sum += Math.exp(negH[i - start] - maxNeg);
                    }
                }
                for (int i = start; i < end; i++) {
                    if (p[i]) {
                        lambda[i * mCount + m] = Math.exp(negH[i - start] - maxNeg) / sum;
                    }
                }
            }
        }
        return weighted(logits, lambda, n, c);
    }

    private static double[] weighted(List<float[]> logits, double[] lambda, int n, int c) {
        int mCount = logits.size();
        double[] out = new double[n * c];
        for (int m = 0; m < mCount; m++) {
            float[] z = logits.get(m);
            for (int i = 0; i < n; i++) {
                double w = lambda[i * mCount + m];
                if (w == 0) {
                    continue;
                }
                for (int k = 0; k < c; k++) {
                    out[i * c + k] += w * z[i * c + k];
                }
            }
        }
        return out;
    }

    /**
     * @return argmax per row of an N x C matrix (first index on ties)
     */
    public static int[] argmax(double[] scores, int n, int c) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < c; k++) {
                if (scores[i * c + k] > scores[i * c + best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
