package io.mlaops.model.eval;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import java.util.SplittableRandom;

/**
 * A quick imbalance indicator: multinomial logistic regression of one modality alone (trained with
 * Adam on the training samples that have it, 30 epochs, batch 256, lr 0.01, L2 1e-4, in plain
 * Java), scored on the test samples that have it.
 */
public final class LinearProbe {
    private LinearProbe() {}

    /**
     * @param ds data set
     * @param modality the modality
     * @param seed shuffling seed
     * @return test accuracy of the probe
     */
    public static double accuracy(MultimodalDataset ds, String modality, long seed) {
        MultimodalSplit train = ds.train();
        int d = train.dimension(modality);
        int c = ds.numClasses();
        double[] w = new double[c * (d + 1)];
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        int[] rows = presentRows(train, modality);
        float[] x = train.features(modality);
        int[] y = train.labels();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] grad = new double[w.length];
        double[] p = new double[c];
        int t = 0;
        for (int epoch = 0; epoch < 30; epoch++) {
            for (int i = rows.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int tmp = rows[i];
                rows[i] = rows[j];
                rows[j] = tmp;
            }
            for (int start = 0; start < rows.length; start += 256) {
                int end = Math.min(rows.length, start + 256);
                java.util.Arrays.fill(grad, 0);
                for (int k = start; k < end; k++) {
                    int r = rows[k];
                    softmax(w, x, r * d, d, c, p);
                    p[y[r]] -= 1;
                    for (int cls = 0; cls < c; cls++) {
                        int base = cls * (d + 1);
                        for (int j = 0; j < d; j++) {
                            grad[base + j] += p[cls] * x[r * d + j];
                        }
                        grad[base + d] += p[cls];
                    }
                }
                t++;
                double scale = 1.0 / (end - start);
                for (int k = 0; k < w.length; k++) {
                    double g = grad[k] * scale + 1e-4 * w[k];
                    m[k] = 0.9 * m[k] + 0.1 * g;
                    v[k] = 0.999 * v[k] + 0.001 * g * g;
                    double mh = m[k] / (1 - Math.pow(0.9, t));
                    double vh = v[k] / (1 - Math.pow(0.999, t));
                    w[k] -= 0.01 * mh / (Math.sqrt(vh) + 1e-8);
                }
            }
        }
        MultimodalSplit test = ds.test();
        float[] xt = test.features(modality);
        int correct = 0;
        int total = 0;
        for (int r : presentRows(test, modality)) {
            softmax(w, xt, r * d, d, c, p);
            int best = 0;
            for (int k = 1; k < c; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            correct += best == test.labels()[r] ? 1 : 0;
            total++;
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    private static int[] presentRows(MultimodalSplit s, String m) {
        boolean[] present = s.present(m);
        return java.util.stream.IntStream.range(0, s.size()).filter(i -> present[i]).toArray();
    }

    private static void softmax(double[] w, float[] x, int off, int d, int c, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int cls = 0; cls < c; cls++) {
            int base = cls * (d + 1);
            double z = w[base + d];
            for (int j = 0; j < d; j++) {
                z += w[base + j] * x[off + j];
            }
            p[cls] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int cls = 0; cls < c; cls++) {
            p[cls] = Math.exp(p[cls] - max);
            sum += p[cls];
        }
        for (int cls = 0; cls < c; cls++) {
            p[cls] /= sum;
        }
    }
}
