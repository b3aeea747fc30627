package io.mlaops.model.data.digits;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The image degradation "keep a fraction of the PCA energy": principal components of the pooled
 * training images (commons-math3 eigen-decomposition of their covariance); an image is replaced by
 * its reconstruction from the fewest leading components whose eigenvalues sum to the fraction.
 */
final class Pca {
    private static final int D = 196;
    private static final int MAX_FIT = 5000;
    private final double[] mean;
    private final double[][] basis; // k x D, orthonormal rows

    private Pca(double[] mean, double[][] basis) {
        this.mean = mean;
        this.basis = basis;
    }

    static Pca fit(byte[] images, int[] trainIdx, double energy) {
        int n = Math.min(MAX_FIT, trainIdx.length);
        double[] mean = new double[D];
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = AvDigitsBuilder.pooled(images, trainIdx[i]);
            for (int j = 0; j < D; j++) {
                mean[j] += x[i][j] / n;
            }
        }
        double[][] cov = new double[D][D];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < D; a++) {
                double da = x[i][a] - mean[a];
                if (da == 0) {
                    continue;
                }
                for (int b = a; b < D; b++) {
                    cov[a][b] += da * (x[i][b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < D; a++) {
            for (int b = a; b < D; b++) {
                cov[a][b] /= Math.max(1, n - 1);
                cov[b][a] = cov[a][b];
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[D];
        double total = 0;
        for (int j = 0; j < D; j++) {
            order[j] = j;
            total += Math.max(0, values[j]);
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
        int k = 0;
        double kept = 0;
        while (k < D && kept < energy * total - 1e-12) {
            kept += Math.max(0, values[order[k]]);
            k++;
        }
        k = Math.max(1, k);
        double[][] basis = new double[k][];
        for (int c = 0; c < k; c++) {
            double[] v = eig.getEigenvector(order[c]).toArray();
            int sign = 0; // fix the sign so the result does not depend on the solver's choice
            for (int j = 0; j < D && sign == 0; j++) {
                sign = Math.abs(v[j]) > 1e-9 ? (int) Math.signum(v[j]) : 0;
            }
            if (sign < 0) {
                for (int j = 0; j < D; j++) {
                    v[j] = -v[j];
                }
            }
            basis[c] = v;
        }
        return new Pca(mean, basis);
    }

    int components() {
        return basis.length;
    }

    double[] reconstruct(double[] x) {
        double[] out = mean.clone();
        for (double[] v : basis) {
            double dot = 0;
            for (int j = 0; j < D; j++) {
                dot += (x[j] - mean[j]) * v[j];
            }
            for (int j = 0; j < D; j++) {
                out[j] += dot * v[j];
            }
        }
        return out;
    }
}
