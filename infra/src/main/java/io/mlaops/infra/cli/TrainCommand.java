package io.mlaops.infra.cli;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.EpochRecord;
import io.mlaops.model.train.ModelSelection;
import io.mlaops.model.train.TrainedModel;
import io.mlaops.model.train.TrainingSession;
import java.nio.file.Path;
import java.util.List;
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
            EvaluationReport last = s.evaluate(eval);
            EvaluationReport selected;
            try (TrainedModel m = s.selectedModel()) {
                selected = m == s.lastModel() ? last : m.evaluate(eval);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (target != null) {
                OutputPaths.write(target, force, "--save", s::writeCheckpoint);
            }
            print(cfg, ds, s.selection(), selected, last, seconds, on);
            printDiagnostics(s.history());
        }
        return 0;
    }

    private void print(
            CellSpec cfg,
            MultimodalDataset ds,
            ModelSelection sel,
            EvaluationReport r,
            EvaluationReport last,
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
        System.out.println("  test numbers of the selected model: " + sel.describe());
        System.out.printf(
                Locale.ROOT,
                "  %-38s %9s %11s%n",
                "",
                sel.onValidation() ? "selected" : "last",
                "last epoch");
        row("fused accuracy, fixed fusion", r.fixedAccuracy(), last.fixedAccuracy());
        if (!Double.isNaN(r.dynamicAccuracy())) {
            row("fused accuracy, dynamic fusion", r.dynamicAccuracy(), last.dynamicAccuracy());
        }
        row("macro-F1, fixed fusion", r.fixedMacroF1(), last.fixedMacroF1());
        if (!Double.isNaN(r.dynamicMacroF1())) {
            row("macro-F1, dynamic fusion", r.dynamicMacroF1(), last.dynamicMacroF1());
        }
        for (Map.Entry<String, Double> e : r.modalityAccuracy().entrySet()) {
            row(
                    "accuracy of " + e.getKey() + " alone (shared head)",
                    e.getValue(),
                    last.modalityAccuracy().getOrDefault(e.getKey(), Double.NaN));
        }
        for (Map.Entry<String, Double> e : r.extra().entrySet()) {
            row(e.getKey(), e.getValue(), last.extra().getOrDefault(e.getKey(), Double.NaN));
        }
        System.out.printf(
                Locale.ROOT,
                "  %-38s %9.4f %11.4f%n",
                "modality gap",
                r.modalityGap(),
                last.modalityGap());
        System.out.printf(Locale.ROOT, "  %-38s %9d%n", "test samples", r.samples());
        System.out.printf(Locale.ROOT, "  %-38s %8.1fs%n", "wall time", seconds);
        if (save != null) {
            System.out.println("  checkpoint: " + save.toAbsolutePath());
        }
    }

    /** The selection metric and the method's own numbers per epoch (OGM, MMPareto, HGM). */
    private static void printDiagnostics(List<EpochRecord> history) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        history.forEach(e -> names.addAll(e.diagnostics().keySet()));
        System.out.println();
        System.out.println(
                names.isEmpty()
                        ? "  per epoch: the validation score the model is selected by"
                        : "  per epoch: the validation score the model is selected by, and the"
                                + " method's diagnostics (means over the epoch's steps)");
        StringBuilder h =
                new StringBuilder(String.format(Locale.ROOT, "  %5s %9s", "epoch", "val score"));
        for (String n : names) {
            h.append(String.format(Locale.ROOT, " %" + Math.max(8, n.length()) + "s", n));
        }
        System.out.println(h);
        for (EpochRecord e : history) {
            StringBuilder b =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "  %5d %9s",
                                    e.epoch() + 1,
                                    Double.isNaN(e.validationScore())
                                            ? "-"
                                            : String.format(
                                                    Locale.ROOT, "%.4f", e.validationScore())));
            for (String n : names) {
                Double v = e.diagnostics().get(n);
                b.append(
                        String.format(
                                Locale.ROOT,
                                " %" + Math.max(8, n.length()) + "s",
                                v == null ? "-" : String.format(Locale.ROOT, "%.4f", v)));
            }
            System.out.println(b);
        }
    }

    private static void row(String name, double v, double last) {
        System.out.printf(Locale.ROOT, "  %-38s %8.2f%% %10.2f%%%n", name, 100 * v, 100 * last);
    }
}
