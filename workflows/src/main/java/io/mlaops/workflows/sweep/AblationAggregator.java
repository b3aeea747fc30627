package io.mlaops.workflows.sweep;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.tracking.AblationRow;
import io.mlaops.activities.tracking.AblationTable;
import io.mlaops.activities.tracking.PairedTest;
import io.mlaops.model.eval.SummaryStats;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Comparison;
import io.mlaops.model.recipe.Fusion;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.Recipes;
import io.mlaops.model.recipe.RowRef;
import io.mlaops.model.recipe.TableRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Aggregates finished cells into the ablation table as the recipes declare it: per data set, per
 * trained configuration (recipe, variant, modality; in registry order) the rows its recipe
 * declares, each with mean ± sample std over seeds of the test numbers at the epoch selected on
 * validation ({@link CellMetrics#reported()}; the last epoch's fused accuracy beside them); then
 * two-sided paired t-tests over seeds: each recipe's own comparisons (e.g. HGM on vs off), and
 * every configuration's headline row against each reference method's row (joint training; MLA with
 * HGM + DF), each pair once. Pure and deterministic (sorted iteration), so it runs inside a
 * workflow and in {@code mla ablate} alike.
 */
public final class AblationAggregator {
    private AblationAggregator() {}

    /** One trained configuration of a data set. */
    private record Config(String recipe, String variant, String modality) {
        RowRef row(Fusion f) {
            return new RowRef(recipe, variant, modality, f);
        }
    }

    /** One finished cell: its key, content id ("" when unknown) and metrics. */
    private record Run(String key, String id, CellMetrics metrics) {}

    /**
     * @param sweepId the sweep
     * @param results metrics by cell
     * @return the table (without content ids)
     */
    public static AblationTable table(String sweepId, Map<CellSpec, CellMetrics> results) {
        return table(sweepId, results, Map.of());
    }

    /**
     * @param sweepId the sweep
     * @param results metrics by cell
     * @param ids content id by cell key (rows list them beside the keys)
     * @return the table
     */
    public static AblationTable table(
            String sweepId, Map<CellSpec, CellMetrics> results, Map<String, String> ids) {
        Map<String, Map<Config, TreeMap<Long, Run>>> byDataset = new TreeMap<>();
        for (Map.Entry<CellSpec, CellMetrics> e : results.entrySet()) {
            CellSpec c = e.getKey();
            byDataset
                    .computeIfAbsent(c.dataset(), x -> new TreeMap<>(ORDER))
                    .computeIfAbsent(
                            new Config(c.recipe(), c.variant(), c.modality()), x -> new TreeMap<>())
                    .put(c.seed(), new Run(c.key(), ids.getOrDefault(c.key(), ""), e.getValue()));
        }
        List<AblationRow> rows = new ArrayList<>();
        List<PairedTest> tests = new ArrayList<>();
        for (Map.Entry<String, Map<Config, TreeMap<Long, Run>>> d : byDataset.entrySet()) {
            String dataset = d.getKey();
            Map<Config, TreeMap<Long, Run>> configs = d.getValue();
            for (Map.Entry<Config, TreeMap<Long, Run>> c : configs.entrySet()) {
                Config k = c.getKey();
                Recipe r = Recipes.get(k.recipe());
                Optional<Fusion> headline = r.headline(k.variant());
                for (TableRow row : r.rows(k.variant(), k.modality())) {
                    rows.add(
                            row(
                                    dataset,
                                    row,
                                    k,
                                    headline.isPresent() && headline.get() == row.fusion(),
                                    c.getValue()));
                }
            }
            tests.addAll(tests(dataset, configs));
        }
        return new AblationTable(sweepId, rows, tests, shows(rows));
    }

    /**
     * @return what the table shows, in words: the selected epochs, and how many cells had to show
     *     their last epoch
     */
    static String shows(List<AblationRow> rows) {
        int last = 0;
        java.util.Set<String> counted = new HashSet<>();
        for (AblationRow r : rows) {
            // a configuration's cells appear in each of its rows: count them once
            if (counted.add(
                    r.dataset() + "|" + r.recipe() + "|" + r.variant() + "|" + r.modality())) {
                last += r.lastEpochCells();
            }
        }
        String s =
                "test numbers at the epoch selected on validation (each method's declared metric,"
                        + " ties: the earliest; the test split chooses nothing); 'last epoch': at the"
                        + " last epoch";
        return last == 0
                ? s
                : s
                        + "; "
                        + last
                        + " cell(s) without a validation score show their last epoch in both";
    }

    /** Registry order of recipes, then the recipe's variant order, then modality. */
    private static final Comparator<Config> ORDER =
            Comparator.comparingInt((Config c) -> Recipes.ids().indexOf(c.recipe()))
                    .thenComparingInt(c -> Recipes.get(c.recipe()).variants().indexOf(c.variant()))
                    .thenComparing(Config::modality);

    private static List<PairedTest> tests(String dataset, Map<Config, TreeMap<Long, Run>> configs) {
        Map<String, Set<String>> variants = new LinkedHashMap<>();
        for (Config c : configs.keySet()) {
            variants.computeIfAbsent(c.recipe(), x -> new LinkedHashSet<>()).add(c.variant());
        }
        List<PairedTest> out = new ArrayList<>();
        List<RowRef> references = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : variants.entrySet()) {
            Recipe r = Recipes.get(e.getKey());
            for (Comparison cmp : r.comparisons(e.getValue())) {
                paired(dataset, cmp.name(), cmp.a(), cmp.b(), configs).ifPresent(out::add);
            }
            r.reference(e.getValue()).ifPresent(references::add);
        }
        Set<Set<RowRef>> tested = new HashSet<>();
        for (Config c : configs.keySet()) {
            Optional<Fusion> h = Recipes.get(c.recipe()).headline(c.variant());
            if (h.isEmpty()) {
                continue;
            }
            RowRef a = c.row(h.get());
            for (RowRef ref : references) {
                if (ref.recipe().equals(c.recipe()) || !tested.add(Set.of(a, ref))) {
                    continue;
                }
                paired(dataset, label(a) + " vs " + label(ref), a, ref, configs)
                        .ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * @return the label its recipe gives a row
     */
    static String label(RowRef ref) {
        for (TableRow row : Recipes.get(ref.recipe()).rows(ref.variant(), ref.modality())) {
            if (row.fusion() == ref.fusion()) {
                return row.label();
            }
        }
        throw new IllegalArgumentException(
                "method " + ref.recipe() + " declares no " + ref.fusion().label() + " row");
    }

    private static AblationRow row(
            String dataset, TableRow row, Config k, boolean headline, TreeMap<Long, Run> runs) {
        boolean df = row.fusion() == Fusion.DYNAMIC;
        List<CellMetrics> all = runs.values().stream().map(Run::metrics).toList();
        List<CellMetrics> ms = all.stream().map(CellMetrics::reported).toList();
        List<String> cellKeys = runs.values().stream().map(Run::key).toList();
        List<AblationRow.SeedValue> perSeed = new ArrayList<>();
        for (Map.Entry<Long, Run> e : runs.entrySet()) {
            CellMetrics m = e.getValue().metrics().reported(); // as the row: the selected epoch
            perSeed.add(
                    new AblationRow.SeedValue(
                            e.getKey(),
                            e.getValue().key(),
                            e.getValue().id(),
                            value(m, row.fusion()),
                            df ? m.dynamicMacroF1() : m.fixedMacroF1(),
                            m.modalityAccuracy(),
                            m.modalityGap(),
                            m.extra()));
        }
        AblationRow.Stat fused = stat(ms, m -> value(m, row.fusion()));
        AblationRow.Stat f1 = stat(ms, m -> df ? m.dynamicMacroF1() : m.fixedMacroF1());
        TreeSet<String> modalities = new TreeSet<>();
        TreeSet<String> extras = new TreeSet<>();
        ms.forEach(
                m -> {
                    modalities.addAll(m.modalityAccuracy().keySet());
                    extras.addAll(m.extra().keySet());
                });
        Map<String, AblationRow.Stat> per = new LinkedHashMap<>();
        for (String m : modalities) {
            per.put(m, stat(ms, x -> x.modalityAccuracy().getOrDefault(m, Double.NaN)));
        }
        Map<String, AblationRow.Stat> extra = new LinkedHashMap<>();
        for (String x : extras) {
            extra.put(x, stat(ms, y -> y.extra().getOrDefault(x, Double.NaN)));
        }
        return new AblationRow(
                dataset,
                row.label(),
                k.recipe(),
                k.variant(),
                k.modality(),
                df,
                headline,
                ms.size(),
                fused,
                f1,
                per,
                stat(ms, CellMetrics::modalityGap),
                extra,
                cellKeys,
                dataset + "." + k.row(row.fusion()).slug(),
                runs.values().stream().allMatch(x -> x.id().isEmpty())
                        ? List.of()
                        : runs.values().stream().map(Run::id).toList(),
                perSeed,
                stat(all, m -> value(m, row.fusion())),
                stat(
                        all,
                        m ->
                                m.selection() == null || m.selection().epoch() == 0
                                        ? Double.NaN
                                        : m.selection().epoch()),
                (int) all.stream().filter(m -> !m.selectedOnValidation()).count());
    }

    private static double value(CellMetrics m, Fusion f) {
        return f == Fusion.DYNAMIC ? m.dynamicAccuracy() : m.fixedAccuracy();
    }

    /**
     * @return mean and sample standard deviation (n - 1) of the finite values
     */
    static AblationRow.Stat stat(List<CellMetrics> ms, ToDoubleFunction<CellMetrics> f) {
        SummaryStats s = SummaryStats.of(ms.stream().mapToDouble(f).toArray());
        return new AblationRow.Stat(s.mean(), s.std());
    }

    private static Optional<PairedTest> paired(
            String dataset,
            String name,
            RowRef ra,
            RowRef rb,
            Map<Config, TreeMap<Long, Run>> configs) {
        TreeMap<Long, Run> a = configs.get(new Config(ra.recipe(), ra.variant(), ra.modality()));
        TreeMap<Long, Run> b = configs.get(new Config(rb.recipe(), rb.variant(), rb.modality()));
        if (a == null || b == null) {
            return Optional.empty();
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Map.Entry<Long, Run> e : a.entrySet()) {
            Run other = b.get(e.getKey());
            if (other != null) {
                xs.add(value(e.getValue().metrics().reported(), ra.fusion()));
                ys.add(value(other.metrics().reported(), rb.fusion()));
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
        return Optional.of(
                new PairedTest(
                        dataset,
                        name,
                        label(ra),
                        label(rb),
                        meanDiff,
                        p,
                        x.length,
                        dataset + "." + ra.slug() + ".vs." + rb.slug()));
    }
}
