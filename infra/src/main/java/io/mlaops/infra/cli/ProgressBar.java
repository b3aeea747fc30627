package io.mlaops.infra.cli;

import io.mlaops.model.train.EpochRecord;
import io.mlaops.model.train.ModalityEpochMetrics;
import io.mlaops.model.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** One progress bar per epoch on stderr, then the epoch's validation numbers. */
final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final boolean interactive;
    private int lastDrawn = -1;

    ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
        this.interactive = System.console() != null;
    }

    @Override
    public void onEpochStart(int epoch, int epochs) {
        lastDrawn = -1;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, Map<String, Double> lastLoss) {
        int filled = (batch + 1) * WIDTH / batches;
        if (!interactive || filled == lastDrawn) {
            return;
        }
        lastDrawn = filled;
        out.printf(
                Locale.ROOT,
                "\r%s epoch %3d [%s%s] %3d%%",
                label,
                epoch + 1,
                "#".repeat(filled),
                " ".repeat(WIDTH - filled),
                (batch + 1) * 100 / batches);
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochRecord r, long nanos) {
        StringBuilder b = new StringBuilder();
        for (ModalityEpochMetrics m : r.modalities().values()) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "  %s loss %.3f val acc %.3f",
                            m.modality(),
                            m.trainLoss(),
                            m.validationAccuracy()));
        }
        out.printf(
                Locale.ROOT,
                "%s%s epoch %3d [%s] %.1fs%s  val fused %.3f  val score %s%n",
                interactive ? "\r" : "",
                label,
                r.epoch() + 1,
                "#".repeat(WIDTH),
                nanos / 1e9,
                b,
                r.validationFusedAccuracy(),
                Double.isNaN(r.validationScore())
                        ? "-"
                        : String.format(Locale.ROOT, "%.3f", r.validationScore()));
        out.flush();
    }
}
