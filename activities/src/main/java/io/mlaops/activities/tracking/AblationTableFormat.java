package io.mlaops.activities.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Renders an {@link AblationTable} as CSV and as a self-contained HTML page. */
public final class AblationTableFormat {
    private AblationTableFormat() {}

    private static List<String> modalities(AblationTable t) {
        TreeSet<String> all = new TreeSet<>();
        t.rows().forEach(r -> all.addAll(r.modalityAccuracy().keySet()));
        return new ArrayList<>(all);
    }

    /**
     * @return the names of the recipes' own numbers in the table, sorted
     */
    public static List<String> extras(AblationTable t) {
        TreeSet<String> all = new TreeSet<>();
        t.rows().forEach(r -> all.addAll(r.extra().keySet()));
        return new ArrayList<>(all);
    }

    /**
     * @return CSV with one row per table row; accuracies as fractions
     */
    public static String csv(AblationTable t) {
        List<String> mods = modalities(t);
        List<String> extras = extras(t);
        StringBuilder b =
                new StringBuilder(
                        "dataset,row,method,variant,modality,df,headline,seeds,fused_mean,fused_std,f1_mean,f1_std");
        for (String m : mods) {
            b.append(",acc_").append(m).append("_mean,acc_").append(m).append("_std");
        }
        b.append(",gap_mean,gap_std");
        for (String x : extras) {
            b.append(',').append(x).append("_mean,").append(x).append("_std");
        }
        b.append(
                ",fused_last_epoch_mean,fused_last_epoch_std,selected_epoch_mean,last_epoch_cells");
        b.append('\n');
        AblationRow.Stat none = new AblationRow.Stat(Double.NaN, Double.NaN);
        for (AblationRow r : t.rows()) {
            b.append(
                    String.join(
                            ",",
                            r.dataset(),
                            quote(r.label()),
                            r.recipe(),
                            r.variant(),
                            r.modality(),
                            Boolean.toString(r.dynamicFusion()),
                            Boolean.toString(r.headline()),
                            Integer.toString(r.seeds())));
            stat(b, r.fused());
            stat(b, r.macroF1());
            for (String m : mods) {
                stat(b, r.modalityAccuracy().getOrDefault(m, none));
            }
            stat(b, r.modalityGap());
            for (String x : extras) {
                stat(b, r.extra().getOrDefault(x, none));
            }
            stat(b, r.fusedLastEpoch());
            b.append(',').append(r.selectedEpoch().mean()).append(',').append(r.lastEpochCells());
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * One line per seed of every row: the numbers a paired or pooled analysis needs, with each
     * cell's key and content id. Accuracies as fractions.
     *
     * @return CSV
     */
    public static String perSeedCsv(AblationTable t) {
        List<String> mods = modalities(t);
        List<String> extras = extras(t);
        StringBuilder b =
                new StringBuilder(
                        "dataset,row,slug,method,variant,modality,df,headline,seed,cell_key,cell_id,fused,f1");
        for (String m : mods) {
            b.append(",acc_").append(m);
        }
        b.append(",gap");
        for (String x : extras) {
            b.append(',').append(x);
        }
        b.append('\n');
        for (AblationRow r : t.rows()) {
            for (AblationRow.SeedValue v : r.perSeed()) {
                b.append(
                        String.join(
                                ",",
                                r.dataset(),
                                quote(r.label()),
                                r.slug(),
                                r.recipe(),
                                r.variant(),
                                r.modality(),
                                Boolean.toString(r.dynamicFusion()),
                                Boolean.toString(r.headline()),
                                Long.toString(v.seed()),
                                v.cellKey(),
                                v.cellId()));
                b.append(',').append(v.fused()).append(',').append(v.macroF1());
                for (String m : mods) {
                    b.append(',').append(v.modalityAccuracy().getOrDefault(m, Double.NaN));
                }
                b.append(',').append(v.modalityGap());
                for (String x : extras) {
                    b.append(',').append(v.extra().getOrDefault(x, Double.NaN));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /**
     * @return the sweep's view as CSV: one line per cell with where it came from and its run
     */
    public static String cellsCsv(AblationTable t) {
        StringBuilder b =
                new StringBuilder(
                        "cell_id,cell_key,label,origin,trained_for,experiment_id,run_id,run_url,train_seconds\n");
        for (SweepCell c : t.cells()) {
            b.append(
                            String.join(
                                    ",",
                                    c.id(),
                                    c.key(),
                                    quote(c.label()),
                                    c.origin(),
                                    c.trainedFor(),
                                    c.experimentId(),
                                    c.runId(),
                                    c.runUrl(),
                                    Double.toString(c.trainSeconds())))
                    .append('\n');
        }
        return b.toString();
    }

    private static void stat(StringBuilder b, AblationRow.Stat s) {
        b.append(',').append(s.mean()).append(',').append(s.std());
    }

    private static String quote(String s) {
        return s.contains(",") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String pct(AblationRow.Stat s) {
        return Double.isNaN(s.mean())
                ? "-"
                : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * s.mean(), 100 * s.std());
    }

    /**
     * @return the mean selected epoch, e.g. {@code 14.2 ± 3.1}, or {@code -}
     */
    public static String epoch(AblationRow.Stat s) {
        return Double.isNaN(s.mean())
                ? "-"
                : String.format(Locale.ROOT, "%.1f ± %.1f", s.mean(), s.std());
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * @return a self-contained HTML page with the table and the paired tests
     */
    public static String html(AblationTable t) {
        List<String> mods = modalities(t);
        List<String> extras = extras(t);
        StringBuilder b =
                new StringBuilder(
                                "<!doctype html><html><head><meta charset=\"utf-8\"><title>Ablation ")
                        .append(esc(t.sweepId()))
                        .append(
                                "</title><style>body{font-family:sans-serif;margin:2em}"
                                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                                        + "td:first-child,td:nth-child(2){text-align:left}</style></head><body>");
        b.append("<h1>Ablation table</h1><p>Sweep <code>")
                .append(esc(t.sweepId()))
                .append("</code>. Accuracy in %, mean ± std over seeds: ")
                .append(esc(t.shows()))
                .append(
                        ".</p><table><tr><th>data set</th><th>row</th><th>seeds</th>"
                                + "<th>fused acc</th><th>last epoch</th><th>selected epoch</th><th>macro-F1</th>");
        for (String m : mods) {
            b.append("<th>acc ").append(esc(m)).append("</th>");
        }
        b.append("<th>modality gap</th>");
        for (String x : extras) {
            b.append("<th>").append(esc(x)).append("</th>");
        }
        b.append("</tr>");
        for (AblationRow r : t.rows()) {
            b.append("<tr><td>")
                    .append(esc(r.dataset()))
                    .append("</td><td>")
                    .append(esc(r.label()))
                    .append("</td><td>")
                    .append(r.seeds())
                    .append("</td><td>")
                    .append(pct(r.fused()))
                    .append("</td><td>")
                    .append(pct(r.fusedLastEpoch()))
                    .append("</td><td>")
                    .append(epoch(r.selectedEpoch()))
                    .append("</td><td>")
                    .append(pct(r.macroF1()))
                    .append("</td>");
            for (String m : mods) {
                b.append("<td>")
                        .append(
                                pct(
                                        r.modalityAccuracy()
                                                .getOrDefault(
                                                        m, new AblationRow.Stat(Double.NaN, 0))))
                        .append("</td>");
            }
            b.append("<td>")
                    .append(
                            Double.isNaN(r.modalityGap().mean())
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.3f ± %.3f",
                                            r.modalityGap().mean(),
                                            r.modalityGap().std()))
                    .append("</td>");
            for (String x : extras) {
                b.append("<td>")
                        .append(pct(r.extra().getOrDefault(x, new AblationRow.Stat(Double.NaN, 0))))
                        .append("</td>");
            }
            b.append("</tr>");
        }
        b.append(
                "</table><h2>Paired tests over seeds</h2><table><tr><th>data set</th><th>comparison</th><th>pairs</th>"
                        + "<th>mean difference (points)</th><th>p (two-sided paired t)</th></tr>");
        for (PairedTest p : t.tests()) {
            b.append("<tr><td>")
                    .append(esc(p.dataset()))
                    .append("</td><td>")
                    .append(esc(p.name()))
                    .append("</td><td>")
                    .append(p.pairs())
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%+.2f", 100 * p.meanDifference()))
                    .append("</td><td>")
                    .append(
                            Double.isNaN(p.pValue())
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.4f", p.pValue()))
                    .append("</td></tr>");
        }
        return b.append("</table></body></html>").toString();
    }
}
