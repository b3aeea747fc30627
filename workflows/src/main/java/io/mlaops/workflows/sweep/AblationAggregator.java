package io.mlaops.workflows.sweep;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.tracking.AblationRow;
import io.mlaops.activities.tracking.AblationTable;
import io.mlaops.activities.tracking.PairedTest;
import io.mlaops.model.eval.SummaryStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Aggregates finished cells into the ablation table: mean ± sample std over seeds per
 * configuration (each MLA and joint model with and without DF, unimodal models once), and
 * two-sided paired t-tests over seeds for HGM on vs off and MLA vs joint. Pure and
 * deterministic (sorted iteration), so it may run inside a workflow.
 */
public final class AblationAggregator {
    private AblationAggregator() {}

    /**
     * @param sweepId the sweep
     * @param results metrics by cell
     * @return the table
     */
    public static AblationTable table(String sweepId, Map<SweepCell, CellMetrics> results) {
        Map<String, Map<String, TreeMap<Long, CellMetrics>>> byDataset = new TreeMap<>();
        for (Map.Entry<SweepCell, CellMetrics> e : results.entrySet()) {
            SweepCell c = e.getKey();
            String config = c.method() + "|" + c.hgm() + "|" + c.modality();
            byDataset.computeIfAbsent(c.dataset(), k -> new TreeMap<>())
                    .computeIfAbsent(config, k -> new TreeMap<>()).put(c.seed(), e.getValue());
        }
        List<AblationRow> rows = new ArrayList<>();
        List<PairedTest> tests = new ArrayList<>();
        for (Map.Entry<String, Map<String, TreeMap<Long, CellMetrics>>> d : byDataset.entrySet()) {
            String dataset = d.getKey();
            Map<String, TreeMap<Long, CellMetrics>> configs = d.getValue();
            for (String hgm : List.of("off", "paper", "code")) {
                TreeMap<Long, CellMetrics> runs = configs.get("mla|" + hgm + "|");
                if (runs != null) {
                    rows.add(row(dataset, "MLA, HGM " + hgm + ", DF off", "mla", hgm, false, "", runs));
                    rows.add(row(dataset, "MLA, HGM " + hgm + ", DF on", "mla", hgm, true, "", runs));
                }
            }
            TreeMap<Long, CellMetrics> joint = configs.get("joint|off|");
            if (joint != null) {
                rows.add(row(dataset, "joint", "joint", "off", false, "", joint));
                rows.add(row(dataset, "joint + DF", "joint", "off", true, "", joint));
            }
            for (Map.Entry<String, TreeMap<Long, CellMetrics>> c : configs.entrySet()) {
                if (c.getKey().startsWith("unimodal|")) {
                    String m = c.getKey().substring(c.getKey().lastIndexOf('|') + 1);
                    rows.add(row(dataset, "unimodal " + m, "unimodal", "off", false, m, c.getValue()));
                }
            }
            TreeMap<Long, CellMetrics> off = configs.get("mla|off|");
            for (String hgm : List.of("paper", "code")) {
                TreeMap<Long, CellMetrics> on = configs.get("mla|" + hgm + "|");
                if (on != null && off != null) {
                    tests.add(paired(dataset, "HGM " + hgm + " vs off (MLA, DF on)", on, off, CellMetrics::dynamicAccuracy, CellMetrics::dynamicAccuracy));
                    tests.add(paired(dataset, "HGM " + hgm + " vs off (MLA, DF off)", on, off, CellMetrics::fixedAccuracy, CellMetrics::fixedAccuracy));
                }
                if (on != null && joint != null) {
                    tests.add(paired(dataset, "MLA (HGM " + hgm + " + DF) vs joint", on, joint, CellMetrics::dynamicAccuracy, CellMetrics::fixedAccuracy));
                }
            }
            if (off != null && joint != null) {
                tests.add(paired(dataset, "MLA (HGM off, DF off) vs joint", off, joint, CellMetrics::fixedAccuracy, CellMetrics::fixedAccuracy));
            }
        }
        return new AblationTable(sweepId, rows, tests);
    }

    private static AblationRow row(String dataset, String label, String method, String hgm, boolean df, String modality,
            TreeMap<Long, CellMetrics> runs) {
        List<CellMetrics> ms = new ArrayList<>(runs.values());
        AblationRow.Stat fused = stat(ms, m -> df ? m.dynamicAccuracy() : m.fixedAccuracy());
        AblationRow.Stat f1 = stat(ms, m -> df ? m.dynamicMacroF1() : m.fixedMacroF1());
        TreeSet<String> modalities = new TreeSet<>();
        ms.forEach(m -> modalities.addAll(m.modalityAccuracy().keySet()));
        Map<String, AblationRow.Stat> per = new LinkedHashMap<>();
        for (String m : modalities) {
            per.put(m, stat(ms, x -> x.modalityAccuracy().getOrDefault(m, Double.NaN)));
        }
        return new AblationRow(dataset, label, method, hgm, df, modality, ms.size(), fused, f1, per,
                stat(ms, CellMetrics::modalityGap));
    }

    /** @return mean and sample standard deviation (n - 1) of the finite values */
    static AblationRow.Stat stat(List<CellMetrics> ms, ToDoubleFunction<CellMetrics> f) {
        SummaryStats s = SummaryStats.of(ms.stream().mapToDouble(f).toArray());
        return new AblationRow.Stat(s.mean(), s.std());
    }

    private static PairedTest paired(String dataset, String name, TreeMap<Long, CellMetrics> a, TreeMap<Long, CellMetrics> b,
            ToDoubleFunction<CellMetrics> fa, ToDoubleFunction<CellMetrics> fb) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Map.Entry<Long, CellMetrics> e : a.entrySet()) {
            CellMetrics other = b.get(e.getKey());
            if (other != null) {
                xs.add(fa.applyAsDouble(e.getValue()));
                ys.add(fb.applyAsDouble(other));
            }
        }
        double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
        double diff = 0;
        boolean varies = false;
        for (int i = 0; i < x.length; i++) {
            diff += x[i] - y[i];
            varies |= i > 0 && (x[i] - y[i]) != (x[0] - y[0]);
        }
        double meanDiff = x.length == 0 ? Double.NaN : diff / x.length;
        // the t statistic needs two pairs and differences that are not all equal
        double p = x.length >= 2 && varies ? new TTest().pairedTTest(x, y) : Double.NaN;
        return new PairedTest(dataset, name, meanDiff, p, x.length);
    }
}
