package io.mlaops.model.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A method's own numbers per epoch, so that a modulation that does nothing is visible: a gradient
 * hook {@linkplain StepContext#diagnose records} one value per step under a stable name, and the
 * epoch's record holds their means ({@link EpochRecord#diagnostics()}). The names the recipes use:
 *
 * <ul>
 *   <li>{@code ogm_ratio_<m>}: OGM's discrepancy ratio {@code rho_m = s_m / min s} of the step;
 *       {@code ogm_k_<m>}: its coefficient {@code k_m} (1 outside the modulation window, where the
 *       gradient is not scaled);
 *   <li>{@code pareto_conflict_<m>}: 1 when encoder m's two gradients conflict ({@code cos <= 0},
 *       the min-norm weights are used), else 0, so the mean is MMPareto's share of conflicting
 *       steps; {@code pareto_cos_<m>}: that cosine;
 *   <li>{@code hgm_removed_<m>}: HGM's projection strength {@code ||G - G P||_F / ||G||_F} of the
 *       head weight's gradient {@code G} in modality m's step: the share of the gradient's norm the
 *       projection removes (0: HGM changes nothing; 1: the head does not move). A step with {@code
 *       G = 0} records nothing.
 * </ul>
 *
 * The sums are part of a checkpoint (a resumed epoch has the same means as an uninterrupted one).
 */
public final class EpochDiagnostics {
    private final Map<String, double[]> sums = new TreeMap<>();

    /**
     * Adds one step's value (NaN and infinities are not recorded).
     *
     * @param name stable name (e.g. {@code ogm_k_audio})
     * @param value the step's value
     */
    public void record(String name, double value) {
        if (Double.isFinite(value)) {
            double[] s = sums.computeIfAbsent(name, k -> new double[2]);
            s[0] += value;
            s[1]++;
        }
    }

    /**
     * @return the mean of every recorded name, in name order
     */
    public Map<String, Double> means() {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        return out;
    }

    /** Forgets the epoch's values. */
    public void reset() {
        sums.clear();
    }

    void write(DataOutputStream o) throws IOException {
        o.writeInt(sums.size());
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            o.writeUTF(e.getKey());
            o.writeDouble(e.getValue()[0]);
            o.writeDouble(e.getValue()[1]);
        }
    }

    void read(DataInputStream i) throws IOException {
        sums.clear();
        int n = i.readInt();
        if (n < 0 || n > 1 << 16) {
            throw new CheckpointException("corrupt checkpoint: " + n + " diagnostics");
        }
        for (int k = 0; k < n; k++) {
            String name = i.readUTF();
            sums.put(name, new double[] {i.readDouble(), i.readDouble()});
        }
    }
}
