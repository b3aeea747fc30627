package io.mlaops.model.data.synthetic;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.util.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded, deterministic generator of an imbalanced multimodal classification task.
 *
 * <p>For modality m and class c the clean signal is {@code mu_m,c = s_m (sqrt(1 - f_m^2)
 * coarse_m[g_m(c)] + f_m fine_m[c])}, where the grouping {@code g_m(c) = ((c + shift_m) mod C) / 2}
 * puts two classes in one coarse group, and {@code coarse}, {@code fine} are random unit-norm
 * directions in R^{d_m}. A sample is {@code x = mu_m,y + sigma * eps}, {@code eps ~ N(0, I)}, with
 * {@code sigma = noise}, or {@code noise * corruptionNoise} for the modality's corrupted samples.
 * With a small fine fraction a modality cannot tell the two classes of its pairs apart; modalities
 * with different shifts confuse different pairs, so together they separate all classes. A high
 * signal with many dimensions makes a modality dominant (and easy to over-fit), a low one makes it
 * weak.
 */
public final class SyntheticDatasetGenerator {
    private SyntheticDatasetGenerator() {}

    /**
     * @param cfg the knobs
     * @return the validated data set named {@code synthetic}
     */
    public static MultimodalDataset generate(SyntheticConfig cfg) {
        SplittableRandom root = new SplittableRandom(cfg.seed());
        int c = cfg.classes();
        List<float[][]> prototypes = new ArrayList<>();
        for (SyntheticModality m : cfg.modalities()) {
            SplittableRandom r = root.split();
            float[][] coarse = new float[c][];
            for (int g = 0; g < c; g++) {
                coarse[g] = unitVector(r, m.dimension());
            }
            float[][] proto = new float[c][m.dimension()];
            double f = m.fineFraction();
            double cf = Math.sqrt(1 - f * f);
            for (int k = 0; k < c; k++) {
                float[] fine = unitVector(r, m.dimension());
                int group = Math.floorMod(k + m.pairShift(), c) / 2;
                for (int j = 0; j < m.dimension(); j++) {
                    proto[k][j] = (float) (m.signal() * (cf * coarse[group][j] + f * fine[j]));
                }
            }
            prototypes.add(proto);
        }
        MultimodalDataset.Builder b = MultimodalDataset.builder("synthetic");
        for (SyntheticModality m : cfg.modalities()) {
            b.modality(m.name(), m.dimension(), "synthetic");
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            names.add("class" + k);
        }
        b.classNames(names);
        int[] sizes = {cfg.trainSize(), cfg.validationSize(), cfg.testSize()};
        for (int s = 0; s < 3; s++) {
            b.split(
                    MultimodalDataset.SPLITS.get(s),
                    split(
                            cfg,
                            prototypes,
                            MultimodalDataset.SPLITS.get(s),
                            sizes[s],
                            root.split()));
        }
        b.provenance("generator", "synthetic-imbalanced-v1");
        b.provenance("config", cfg.toString());
        return b.build();
    }

    private static MultimodalSplit split(
            SyntheticConfig cfg,
            List<float[][]> prototypes,
            String name,
            int n,
            SplittableRandom r) {
        int c = cfg.classes();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % c; // balanced classes; order is shuffled by the trainer
        }
        MultimodalSplit.Builder sb = MultimodalSplit.builder(name).labels(labels);
        List<boolean[]> masks = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        for (int mi = 0; mi < cfg.modalities().size(); mi++) {
            SyntheticModality m = cfg.modalities().get(mi);
            SplittableRandom rm = r.split();
            float[][] proto = prototypes.get(mi);
            int d = m.dimension();
            float[] x = new float[n * d];
            boolean[] present = new boolean[n];
            for (int i = 0; i < n; i++) {
                present[i] = rm.nextDouble() >= m.missingRate();
                // draw only when corruption is on, so that rate 0 leaves the random stream as it
                // was
                boolean corrupted = m.corruptionRate() > 0 && rm.nextDouble() < m.corruptionRate();
                double sigma = corrupted ? cfg.noise() * m.corruptionNoise() : cfg.noise();
                for (int j = 0; j < d; j++) {
                    double v = proto[labels[i]][j] + sigma * SeededRandom.gaussian(rm);
                    x[i * d + j] = present[i] ? (float) v : 0f;
                }
            }
            masks.add(present);
            features.add(x);
            sb.modality(m.name(), d, x);
        }
        // every sample keeps at least one modality: restore the first one where all are missing
        for (int i = 0; i < n; i++) {
            boolean any = false;
            for (boolean[] p : masks) {
                any |= p[i];
            }
            if (!any) {
                masks.get(0)[i] = true;
                SyntheticModality m = cfg.modalities().get(0);
                // regenerate deterministically from a sample-specific stream
                SplittableRandom fix = new SplittableRandom(cfg.seed() * 31 + i);
                float[] x = features.get(0);
                for (int j = 0; j < m.dimension(); j++) {
                    x[i * m.dimension() + j] =
                            (float)
                                    (prototypes.get(0)[labels[i]][j]
                                            + cfg.noise() * SeededRandom.gaussian(fix));
                }
            }
        }
        for (int mi = 0; mi < cfg.modalities().size(); mi++) {
            sb.present(cfg.modalities().get(mi).name(), masks.get(mi));
        }
        return sb.build();
    }

    private static float[] unitVector(SplittableRandom r, int d) {
        float[] v = new float[d];
        double norm = 0;
        for (int j = 0; j < d; j++) {
            double g = SeededRandom.gaussian(r);
            v[j] = (float) g;
            norm += g * g;
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < d; j++) {
            v[j] /= norm;
        }
        return v;
    }
}
