package io.mlaops.infra.cli;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.eval.SummaryStats;
import io.mlaops.model.hgm.HgmVariant;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.model.train.TrainingListener;
import io.mlaops.model.train.TrainingMethod;
import io.mlaops.model.train.TrainingSession;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mla ablate}: the 2 x 2 table HGM on/off x DF on/off for MLA (two trainings per seed, each
 * evaluated with and without DF), plus joint training and each modality alone, mean ± std over
 * seeds, on one data set.
 */
@Command(name = "ablate", mixinStandardHelpOptions = true,
        description = "HGM x DF ablation of MLA with joint and unimodal baselines, mean ± std over seeds.")
final class AblateCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions opts;

    @Option(names = "--seeds", defaultValue = "3", description = "Number of seeds (0..n-1). Default: ${DEFAULT-VALUE}")
    int seeds;

    @Option(names = "--hgm-variant", defaultValue = "paper", description = "HGM variant of the 'on' rows: paper or code. Default: ${DEFAULT-VALUE}")
    String hgmVariant;

    @Option(names = "--csv", description = "Also write the table as CSV to this file")
    Path csv;

    /** One trained configuration's reports over seeds. */
    private record Row(String name, boolean dynamic, List<EvaluationReport> reports) {}

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds " + seeds + ": expected at least 1");
        }
        HgmVariant on = HgmVariant.parse(hgmVariant);
        if (on == HgmVariant.OFF) {
            throw new IllegalArgumentException("--hgm-variant off: expected paper or code");
        }
        if (csv != null) {
            OutputPaths.checkFile(csv, true, "--csv"); // before the trainings, not after
        }
        MultimodalDataset ds = opts.loadDataset();
        List<String> modalities = ds.modalityNames();
        Map<String, TrainerConfig.Builder> trainings = new LinkedHashMap<>();
        trainings.put("mla-hgm-off", opts.trainerConfig().method(TrainingMethod.MLA).hgm(HgmVariant.OFF));
        trainings.put("mla-hgm-on", opts.trainerConfig().method(TrainingMethod.MLA).hgm(on));
        trainings.put("joint", opts.trainerConfig().method(TrainingMethod.JOINT));
        for (String m : modalities) {
            trainings.put("unimodal-" + m, opts.trainerConfig().method(TrainingMethod.UNIMODAL).unimodalModality(m));
        }
        // validate every config before the first (long) training starts
        for (TrainerConfig.Builder b : trainings.values()) {
            b.build().resolveModalities(ds);
        }
        EvaluationConfig eval = opts.evaluationConfig(trainings.get("joint").build(), ds);
        // a unimodal row has one modality: nothing to weigh, so --fusion-weights applies to the fused rows only
        EvaluationConfig single = new EvaluationConfig(new double[0], eval.dynamicMode(), eval.dynamicBatchSize());
        Map<String, List<EvaluationReport>> results = new LinkedHashMap<>();
        long start = System.nanoTime();
        int total = trainings.size() * seeds;
        int done = 0;
        for (int seed = 0; seed < seeds; seed++) {
            for (Map.Entry<String, TrainerConfig.Builder> e : trainings.entrySet()) {
                TrainerConfig cfg = e.getValue().seed(seed).build();
                try (TrainingSession s = TrainingSession.create(cfg, ds)) {
                    s.run(TrainingListener.NONE);
                    results.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s.evaluate(e.getKey().startsWith("unimodal-") ? single : eval));
                }
                done++;
                System.err.printf(Locale.ROOT, "\r[%d/%d] %-16s seed %d  %.0fs elapsed", done, total, e.getKey(), seed,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        System.err.println();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("MLA  HGM off  DF off", false, results.get("mla-hgm-off")));
        rows.add(new Row("MLA  HGM off  DF on", true, results.get("mla-hgm-off")));
        rows.add(new Row("MLA  HGM " + on.name().toLowerCase(Locale.ROOT) + "  DF off", false, results.get("mla-hgm-on")));
        rows.add(new Row("MLA  HGM " + on.name().toLowerCase(Locale.ROOT) + "  DF on", true, results.get("mla-hgm-on")));
        rows.add(new Row("joint", false, results.get("joint")));
        rows.add(new Row("joint + DF", true, results.get("joint")));
        for (String m : modalities) {
            rows.add(new Row("unimodal " + m, false, results.get("unimodal-" + m)));
        }
        print(ds, rows, modalities, (System.nanoTime() - start) / 1e9);
        if (csv != null) {
            writeCsv(rows, modalities);
        }
        return 0;
    }

    private static SummaryStats fused(Row r) {
        return SummaryStats.of(r.reports().stream().mapToDouble(x -> r.dynamic() ? x.dynamicAccuracy() : x.fixedAccuracy()).toArray());
    }

    private static SummaryStats f1(Row r) {
        return SummaryStats.of(r.reports().stream().mapToDouble(x -> r.dynamic() ? x.dynamicMacroF1() : x.fixedMacroF1()).toArray());
    }

    private static SummaryStats modality(Row r, String m) {
        return SummaryStats.of(r.reports().stream()
                .mapToDouble(x -> x.modalityAccuracy().getOrDefault(m, Double.NaN)).toArray());
    }

    private static SummaryStats gap(Row r) {
        return SummaryStats.of(r.reports().stream().mapToDouble(EvaluationReport::modalityGap).toArray());
    }

    private void print(MultimodalDataset ds, List<Row> rows, List<String> modalities, double seconds) {
        System.out.printf(Locale.ROOT, "%nAblation on %s (content %s), %d seeds, %d epochs, mean ± std in %%%n",
                ds.name(), DatasetFingerprint.sha256(ds).substring(0, 12), seeds, opts.epochs);
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-22s %-15s %-15s", "row", "fused acc", "macro-F1"));
        for (String m : modalities) {
            h.append(String.format(Locale.ROOT, " %-15s", "acc " + m));
        }
        h.append(String.format(Locale.ROOT, " %-13s", "modality gap"));
        System.out.println(h);
        System.out.println("-".repeat(h.length()));
        for (Row r : rows) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-22s %-15s %-15s", r.name(), fused(r).percent(), f1(r).percent()));
            for (String m : modalities) {
                b.append(String.format(Locale.ROOT, " %-15s", modality(r, m).percent()));
            }
            SummaryStats g = gap(r);
            b.append(String.format(Locale.ROOT, " %s", Double.isNaN(g.mean()) ? "-" : String.format(Locale.ROOT, "%.3f ± %.3f", g.mean(), g.std())));
            System.out.println(b);
        }
        Row best = rows.get(3);
        Row joint = rows.get(4);
        System.out.printf(Locale.ROOT, "%nMLA (HGM + DF) minus joint, fused accuracy: %+.2f points%n",
                100 * (fused(best).mean() - fused(joint).mean()));
        for (String m : modalities) {
            System.out.printf(Locale.ROOT, "accuracy of %s alone: MLA %.2f vs joint %.2f (%+.2f points)%n", m,
                    100 * modality(best, m).mean(), 100 * modality(joint, m).mean(),
                    100 * (modality(best, m).mean() - modality(joint, m).mean()));
        }
        System.out.printf(Locale.ROOT, "wall time %.1fs%n", seconds);
    }

    private void writeCsv(List<Row> rows, List<String> modalities) throws java.io.IOException {
        Path tmp = Files.createTempFile(csv.toAbsolutePath().getParent(), ".ablate", ".csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(tmp))) {
            StringBuilder h = new StringBuilder("row,fused_mean,fused_std,f1_mean,f1_std");
            for (String m : modalities) {
                h.append(",acc_").append(m).append("_mean,acc_").append(m).append("_std");
            }
            w.println(h.append(",gap_mean,gap_std"));
            for (Row r : rows) {
                StringBuilder b = new StringBuilder(r.name().replaceAll(" +", " "));
                append(b, fused(r));
                append(b, f1(r));
                for (String m : modalities) {
                    append(b, modality(r, m));
                }
                append(b, gap(r));
                w.println(b);
            }
        }
        Files.move(tmp, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void append(StringBuilder b, SummaryStats s) {
        b.append(',').append(s.mean()).append(',').append(s.std());
    }
}
