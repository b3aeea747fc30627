package io.mlaops.infra.cli;

import io.mlaops.activities.tracking.AblationRow;
import io.mlaops.activities.tracking.AblationTable;
import io.mlaops.activities.tracking.PairedTest;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Prints an ablation table as aligned text. */
final class TablePrinter {
    private TablePrinter() {}

    private static String pct(AblationRow.Stat s) {
        return s == null || Double.isNaN(s.mean())
                ? "-"
                : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * s.mean(), 100 * s.std());
    }

    static void print(AblationTable t, PrintStream out) {
        TreeSet<String> mods = new TreeSet<>();
        t.rows().forEach(r -> mods.addAll(r.modalityAccuracy().keySet()));
        List<String> extras = io.mlaops.activities.tracking.AblationTableFormat.extras(t);
        StringBuilder h =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%-12s %-24s %5s %-15s %-15s %-11s %-15s",
                                "data set",
                                "row",
                                "seeds",
                                "fused acc %",
                                "last epoch %",
                                "sel. epoch",
                                "macro-F1 %"));
        for (String m : mods) {
            h.append(String.format(Locale.ROOT, " %-15s", "acc " + m + " %"));
        }
        h.append(" modality gap ");
        for (String x : extras) {
            h.append(String.format(Locale.ROOT, " %-15s", x + " %"));
        }
        out.println("Shows " + t.shows() + ".");
        out.println(h);
        out.println("-".repeat(h.length()));
        for (AblationRow r : t.rows()) {
            StringBuilder b =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "%-12s %-24s %5d %-15s %-15s %-11s %-15s",
                                    r.dataset(),
                                    r.label(),
                                    r.seeds(),
                                    pct(r.fused()),
                                    pct(r.fusedLastEpoch()),
                                    io.mlaops.activities.tracking.AblationTableFormat.epoch(
                                            r.selectedEpoch()),
                                    pct(r.macroF1())));
            for (String m : mods) {
                b.append(String.format(Locale.ROOT, " %-15s", pct(r.modalityAccuracy().get(m))));
            }
            b.append(
                    String.format(
                            Locale.ROOT,
                            " %-13s",
                            Double.isNaN(r.modalityGap().mean())
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.3f ± %.3f",
                                            r.modalityGap().mean(),
                                            r.modalityGap().std())));
            for (String x : extras) {
                b.append(String.format(Locale.ROOT, " %-15s", pct(r.extra().get(x))));
            }
            out.println(b.toString().stripTrailing());
        }
        List<PairedTest> tests = t.tests();
        if (!tests.isEmpty()) {
            out.println();
            out.println("Paired t-tests over seeds (two-sided), on the numbers the table shows:");
            for (PairedTest p : tests) {
                out.printf(
                        Locale.ROOT,
                        "  %-12s %-44s %+6.2f points  p = %s  (%d pairs)%n",
                        p.dataset(),
                        p.name(),
                        100 * p.meanDifference(),
                        Double.isNaN(p.pValue())
                                ? "-"
                                : String.format(Locale.ROOT, "%.4f", p.pValue()),
                        p.pairs());
            }
        }
    }
}
