package io.mlaops.model.eval;

/**
 * Modality gap: the Euclidean distance between the centroids of two modalities' L2-normalised
 * features, {@code || mean_i f_a(i)/|f_a(i)| - mean_i f_b(i)/|f_b(i)| ||}, each centroid over the
 * samples that have that modality. A zero feature vector is left out of its centroid.
 */
public final class ModalityGap {
    private ModalityGap() {}

    /**
     * @param a features of modality a, N x d row-major
     * @param presentA samples that have a
     * @param b features of modality b, N x d
     * @param presentB samples that have b
     * @param d feature size
     * @return the centroid distance (NaN if a centroid has no sample)
     */
    public static double between(
            float[] a, boolean[] presentA, float[] b, boolean[] presentB, int d) {
        double[] ca = centroid(a, presentA, d);
        double[] cb = centroid(b, presentB, d);
        if (ca == null || cb == null) {
            return Double.NaN;
        }
        double s = 0;
        for (int k = 0; k < d; k++) {
            double diff = ca[k] - cb[k];
            s += diff * diff;
        }
        return Math.sqrt(s);
    }

    static double[] centroid(float[] f, boolean[] present, int d) {
        int n = present.length;
        double[] c = new double[d];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!present[i]) {
                continue;
            }
            double norm = 0;
            for (int k = 0; k < d; k++) {
                norm += (double) f[i * d + k] * f[i * d + k];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                continue;
            }
            for (int k = 0; k < d; k++) {
                c[k] += f[i * d + k] / norm;
            }
            count++;
        }
        if (count == 0) {
            return null;
        }
        for (int k = 0; k < d; k++) {
            c[k] /= count;
        }
        return c;
    }
}
