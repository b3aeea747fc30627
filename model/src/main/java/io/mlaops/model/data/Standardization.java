package io.mlaops.model.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-feature standardisation {@code x' = (x - mean) / std} with statistics taken from the training
 * split only, so validation and test rows never leak into them. Rows whose modality is absent are
 * left out of the statistics and stay all-zero. A constant column ({@code std} below {@value
 * #MIN_STD}) gets {@code std = 1}: it is only centred.
 *
 * <p>Kept with the data set (and in its manifest) because a model trained on standardised features
 * needs the same transform for any new sample.
 *
 * @param moments per modality, in declaration order: mean and std per feature column
 */
public record Standardization(Map<String, Moments> moments) {
    /** Smallest standard deviation used as a divisor. */
    public static final double MIN_STD = 1e-12;

    public Standardization {
        moments =
                Collections.unmodifiableMap(
                        new LinkedHashMap<>(Objects.requireNonNull(moments, "moments")));
    }

    /**
     * @param mean per-feature mean over the present training rows
     * @param std per-feature population standard deviation (1 for a constant column)
     */
    public record Moments(double[] mean, double[] std) {
        public Moments {
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(std, "std");
            if (mean.length != std.length) {
                throw new DatasetValidationException(
                        "standardisation: "
                                + mean.length
                                + " means but "
                                + std.length
                                + " standard deviations");
            }
            for (double s : std) {
                if (!(s > 0) || !Double.isFinite(s)) {
                    throw new DatasetValidationException(
                            "standardisation: standard deviation "
                                    + s
                                    + ": expected a positive number");
                }
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Moments m
                    && Arrays.equals(mean, m.mean)
                    && Arrays.equals(std, m.std);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
        }

        @Override
        public String toString() {
            return "Moments[d=" + mean.length + "]";
        }
    }

    /**
     * Computes the statistics of every modality from {@code train}.
     *
     * @param train the training split
     * @param modalities the modalities to standardise
     * @return the statistics
     * @throws DatasetValidationException if a modality has no present training row
     */
    public static Standardization fit(MultimodalSplit train, List<ModalitySpec> modalities) {
        Map<String, Moments> out = new LinkedHashMap<>();
        for (ModalitySpec m : modalities) {
            int d = m.dimension();
            float[] x = train.features(m.name());
            boolean[] p = train.present(m.name());
            double[] sum = new double[d];
            int n = 0;
            for (int i = 0; i < train.size(); i++) {
                if (p[i]) {
                    n++;
                    for (int k = 0; k < d; k++) {
                        sum[k] += x[i * d + k];
                    }
                }
            }
            if (n == 0) {
                throw new DatasetValidationException(
                        "cannot standardise modality '"
                                + m.name()
                                + "': no training row has it (every training row lacks it)");
            }
            double[] mean = new double[d];
            for (int k = 0; k < d; k++) {
                mean[k] = sum[k] / n;
            }
            double[] sq = new double[d];
            for (int i = 0; i < train.size(); i++) {
                if (p[i]) {
                    for (int k = 0; k < d; k++) {
                        double c = x[i * d + k] - mean[k];
                        sq[k] += c * c;
                    }
                }
            }
            double[] std = new double[d];
            for (int k = 0; k < d; k++) {
                double s = Math.sqrt(sq[k] / n);
                std[k] = s < MIN_STD ? 1.0 : s;
            }
            out.put(m.name(), new Moments(mean, std));
        }
        return new Standardization(out);
    }

    /**
     * @param split a split holding every modality of these statistics
     * @return a new split with the present rows standardised (absent rows stay zero)
     */
    public MultimodalSplit apply(MultimodalSplit split) {
        MultimodalSplit.Builder b = MultimodalSplit.builder(split.name()).labels(split.labels());
        for (String m : split.modalities()) {
            int d = split.dimension(m);
            float[] x = split.features(m);
            boolean[] p = split.present(m);
            Moments mo = moments.get(m);
            if (mo == null) {
                b.modality(m, d, x).present(m, p);
                continue;
            }
            if (mo.mean().length != d) {
                throw new DatasetValidationException(
                        "standardisation of modality '"
                                + m
                                + "' has "
                                + mo.mean().length
                                + " features, the split has "
                                + d);
            }
            float[] y = new float[x.length];
            for (int i = 0; i < split.size(); i++) {
                if (p[i]) {
                    for (int k = 0; k < d; k++) {
                        y[i * d + k] = (float) ((x[i * d + k] - mo.mean()[k]) / mo.std()[k]);
                    }
                }
            }
            b.modality(m, d, y).present(m, p);
        }
        return b.build();
    }
}
