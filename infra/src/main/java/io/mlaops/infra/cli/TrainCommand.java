package io.mlaops.infra.cli;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.TrainingSession;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mla train}: one training run on CPU, then its test-set numbers. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        defaultValueProvider = RegistryFlags.TrainerDefaults.class,
        description = "Train one model (any method of the registry) and print its test numbers.")
final class TrainCommand implements Callable<Integer> {
    @Mixin TrainingOptions opts;

    @Mixin CellOptions cell;

    @Mixin DeviceOption device;

    @Spec CommandSpec spec;

    @Option(
            names = "--save",
            description = "Write the final checkpoint to this file (its folder must exist)")
    Path save;

    @Option(names = "--force", description = "Replace an existing --save file")
    boolean force;

    @Override
    public Integer call() throws Exception {
        CellSpec cfg = cell.cell(opts.source().name(), opts, spec);
        Path target =
                save == null
                        ? null
                        : OutputPaths.checkFile(
                                save, force, "--save"); // before training, not after
        ai.djl.Device on = device.open();
        MultimodalDataset ds = opts.loadDataset();
        var eval = opts.evaluationConfig(cfg, ds);
        long start = System.nanoTime();
        try (TrainingSession s = TrainingSession.create(cfg, ds, on)) {
            s.run(new ProgressBar(System.err, cfg.recipe()));
            EvaluationReport r = s.evaluate(eval);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (target != null) {
                OutputPaths.write(target, force, "--save", s::writeCheckpoint);
            }
            print(cfg, ds, r, seconds, on);
        }
        return 0;
    }

    private void print(
            CellSpec cfg,
            MultimodalDataset ds,
            EvaluationReport r,
            double seconds,
            ai.djl.Device on) {
        System.out.printf(
                Locale.ROOT,
                "%n%s on %s (content %s), seed %d, %d epochs, %d thread(s), device %s%n",
                cfg.label(),
                ds.name(),
                DatasetFingerprint.sha256(ds).substring(0, 12),
                cfg.seed(),
                cfg.trainer().epochs(),
                cfg.trainer().threads(),
                on);
        row("fused accuracy, fixed fusion", r.fixedAccuracy());
        if (!Double.isNaN(r.dynamicAccuracy())) {
            row("fused accuracy, dynamic fusion", r.dynamicAccuracy());
        }
        row("macro-F1, fixed fusion", r.fixedMacroF1());
        if (!Double.isNaN(r.dynamicMacroF1())) {
            row("macro-F1, dynamic fusion", r.dynamicMacroF1());
        }
        for (Map.Entry<String, Double> e : r.modalityAccuracy().entrySet()) {
            row("accuracy of " + e.getKey() + " alone (shared head)", e.getValue());
        }
        for (Map.Entry<String, Double> e : r.extra().entrySet()) {
            row(e.getKey(), e.getValue());
        }
        System.out.printf(Locale.ROOT, "  %-38s %8.4f%n", "modality gap", r.modalityGap());
        System.out.printf(Locale.ROOT, "  %-38s %8d%n", "test samples", r.samples());
        System.out.printf(Locale.ROOT, "  %-38s %7.1fs%n", "wall time", seconds);
        if (save != null) {
            System.out.println("  checkpoint: " + save.toAbsolutePath());
        }
    }

    private static void row(String name, double v) {
        System.out.printf(Locale.ROOT, "  %-38s %7.2f%%%n", name, 100 * v);
    }
}
