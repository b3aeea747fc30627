package io.mlaops.infra.cli;

import ai.djl.Device;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.EpochRecord;
import io.mlaops.model.train.ModalityEpochMetrics;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.model.train.TrainingListener;
import io.mlaops.model.train.TrainingSession;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code mla bench parity --device D}: trains one cell (MLA with HGM on the built-in synthetic set)
 * on the CPU and twice on device D, then compares. Pass when every epoch's training loss per
 * modality agrees with the CPU's within a relative {@code lossTolerance} and the test accuracy with
 * dynamic fusion within {@code accuracyTolerance} (absolute). Different devices sum in different
 * orders, so CPU and GPU are not bitwise equal; the two runs on D are reported as bitwise equal or
 * not (same seed, data and config on one device; on CUDA that needs {@code
 * CUBLAS_WORKSPACE_CONFIG=:4096:8}, which ./mla sets).
 */
final class ParityBench {
    /** One finished run: its history, final parameters and test numbers. */
    record Run(
            String device,
            double seconds,
            List<EpochRecord> history,
            Map<String, float[]> parameters,
            EvaluationReport test) {}

    /** The comparison of a device's runs with the CPU's. */
    record Comparison(
            double maxLossRelDiff,
            double accuracyDiff,
            double maxParamDiff,
            boolean deviceBitwiseRepeatable,
            boolean pass) {}

    private ParityBench() {}

    static Run train(CellSpec cfg, MultimodalDataset ds, Device device) {
        long t = System.nanoTime();
        try (TrainingSession s = TrainingSession.create(cfg, ds, device)) {
            s.run(TrainingListener.NONE);
            Map<String, float[]> params = new LinkedHashMap<>();
            for (NamedParameter p : s.network().parameters()) {
                params.put(p.name(), p.array().toFloatArray());
            }
            EvaluationReport r = s.evaluate(EvaluationConfig.defaults());
            return new Run(
                    device.toString(),
                    (System.nanoTime() - t) / 1e9,
                    new ArrayList<>(s.history()),
                    params,
                    r);
        }
    }

    static Comparison compare(
            Run cpu, Run a, Run b, double lossTolerance, double accuracyTolerance) {
        double loss = 0;
        for (int e = 0; e < cpu.history().size(); e++) {
            for (ModalityEpochMetrics m : cpu.history().get(e).modalities().values()) {
                double x = m.trainLoss();
                double y = a.history().get(e).modalities().get(m.modality()).trainLoss();
                loss = Math.max(loss, Math.abs(x - y) / Math.max(1e-12, Math.abs(x)));
            }
        }
        double acc = Math.abs(cpu.test().dynamicAccuracy() - a.test().dynamicAccuracy());
        double param = 0;
        boolean same =
                a.test().fixedAccuracy() == b.test().fixedAccuracy()
                        && a.test().dynamicAccuracy() == b.test().dynamicAccuracy()
                        && a.test().modalityAccuracy().equals(b.test().modalityAccuracy())
                        && java.util.Arrays.deepEquals(a.test().confusion(), b.test().confusion());
        for (Map.Entry<String, float[]> e : cpu.parameters().entrySet()) {
            float[] x = e.getValue();
            float[] y = a.parameters().get(e.getKey());
            same &= java.util.Arrays.equals(y, b.parameters().get(e.getKey()));
            for (int i = 0; i < x.length; i++) {
                param = Math.max(param, Math.abs(x[i] - y[i]));
            }
        }
        return new Comparison(
                loss, acc, param, same, loss <= lossTolerance && acc <= accuracyTolerance);
    }

    /**
     * @return 0 when within tolerance
     * @throws IllegalStateException when outside it (exit 1)
     */
    static int run(
            Device device,
            int epochs,
            int threads,
            double lossTolerance,
            double accuracyTolerance,
            PrintStream out) {
        MultimodalDataset ds = SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(0));
        CellSpec cfg =
                CellSpec.of(
                        ds.name(),
                        "mla",
                        "paper",
                        "",
                        0,
                        TrainerConfig.builder().epochs(epochs).threads(threads).build(),
                        java.util.Map.of());
        out.printf(
                Locale.ROOT,
                "mla bench parity: mla (hgm paper) on %s, seed %d, %d epochs, %d thread(s): cpu once, %s twice%n",
                ds.name(),
                cfg.seed(),
                epochs,
                threads,
                device);
        Run cpu = train(cfg, ds, Device.cpu());
        Run a = train(cfg, ds, device);
        Run b = train(cfg, ds, device);
        out.printf(
                Locale.ROOT,
                "%-10s %9s %16s %14s%n",
                "device",
                "seconds",
                "last train loss",
                "test acc (DF)");
        for (Run r : List.of(cpu, a, b)) {
            EpochRecord last = r.history().get(r.history().size() - 1);
            StringBuilder losses = new StringBuilder();
            last.modalities()
                    .values()
                    .forEach(
                            m ->
                                    losses.append(losses.length() == 0 ? "" : "/")
                                            .append(
                                                    String.format(
                                                            Locale.ROOT, "%.5f", m.trainLoss())));
            out.printf(
                    Locale.ROOT,
                    "%-10s %9.2f %16s %13.2f%%%n",
                    r.device(),
                    r.seconds(),
                    losses,
                    100 * r.test().dynamicAccuracy());
        }
        Comparison c = compare(cpu, a, b, lossTolerance, accuracyTolerance);
        out.printf(
                Locale.ROOT,
                "%s vs cpu: max relative difference of per-epoch training losses %.2e (tolerance %.2e), "
                        + "test accuracy difference %.4f (tolerance %.4f), max parameter difference %.2e%n",
                device,
                c.maxLossRelDiff(),
                lossTolerance,
                c.accuracyDiff(),
                accuracyTolerance,
                c.maxParamDiff());
        out.printf(
                Locale.ROOT,
                "%s twice: %s%n",
                device,
                c.deviceBitwiseRepeatable()
                        ? "bitwise equal parameters and test numbers"
                        : "NOT bitwise equal (non-deterministic kernels on this device)");
        if (!c.pass()) {
            throw new IllegalStateException(
                    "parity check failed: " + device + " differs from cpu beyond the tolerance");
        }
        out.println("parity: PASS");
        return 0;
    }
}
