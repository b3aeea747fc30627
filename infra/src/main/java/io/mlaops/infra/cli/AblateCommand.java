package io.mlaops.infra.cli;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EnsembleScoring;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.tracking.AblationTable;
import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.Recipes;
import io.mlaops.model.recipe.ensemble.EnsembleRecipe;
import io.mlaops.model.train.TrainingListener;
import io.mlaops.model.train.TrainingSession;
import io.mlaops.workflows.sweep.AblationAggregator;
import io.mlaops.workflows.sweep.RecipeChoice;
import io.mlaops.workflows.sweep.SweepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mla ablate}: a sweep of one data set in this process, without services: the same grid
 * (methods with their variants x seeds), the same aggregation into the table the recipes declare
 * and the same paired t-tests as {@code mla sweep}, mean ± std over seeds.
 *
 * <p>Cells are content here too: each is named by its content id and kept in the ablate store, a
 * folder under the home ({@code $MLA_HOME/ablate-store}, the same layout as the sweeps' object
 * store, so no services are needed). A cell finished by an earlier {@code ablate} with the same
 * content is taken from there ({@code --seeds 30} after {@code --seeds 10} trains 20 cells); one
 * finished but scored another way is scored again from its final checkpoint.
 */
@Command(
        name = "ablate",
        mixinStandardHelpOptions = true,
        defaultValueProvider = RegistryFlags.TrainerDefaults.class,
        description =
                "The sweep's table for one data set, in-process: each method's rows and paired tests, mean ± std over seeds.")
final class AblateCommand implements Callable<Integer> {
    @Mixin TrainingOptions opts;

    @Spec CommandSpec spec;

    @Option(
            names = "--seeds",
            defaultValue = "3",
            description = "Number of seeds (0..n-1). Default: ${DEFAULT-VALUE}")
    int seeds;

    @Option(
            names = "--methods",
            split = ",",
            defaultValue = "mla,joint,unimodal",
            completionCandidates = RegistryFlags.RecipeIds.class,
            description =
                    "Methods to train, comma-separated, of ${COMPLETION-CANDIDATES} (the ensemble"
                            + " comes with unimodal: it combines those models). Default: ${DEFAULT-VALUE}")
    List<String> methods;

    @Option(
            names = "--variants",
            paramLabel = "METHOD=V1,V2",
            description =
                    "A method's variants to train (repeatable), e.g. ogm=plain,ge. Default: each method's sweep variants")
    List<String> variants = new ArrayList<>();

    @Option(
            names = "--csv",
            description = "Also write the table as CSV to this file (an existing one: --force)")
    Path csv;

    @Option(
            names = "--per-seed",
            description =
                    "With --csv: one line per seed of every row (cell key and id, each number)")
    boolean perSeed;

    @Option(
            names = "--retrain",
            description =
                    "Train every cell even when the ablate store has it (the store's copy is replaced by the same bits)")
    boolean retrain;

    @Option(names = "--force", description = "Replace an existing --csv file")
    boolean force;

    @Override
    public Integer call() throws Exception {
        io.mlaops.infra.sweep.SpecLimits.seeds("--seeds", seeds);
        for (int i = 0; i < methods.size(); i++) {
            if (methods.subList(0, i).contains(methods.get(i))) {
                throw new IllegalArgumentException(
                        "--methods lists " + methods.get(i) + " twice: expected each method once");
            }
        }
        List<RecipeChoice> choices = choices();
        TableCsv.check(csv, perSeed, force, true, ""); // before the trainings, not after
        DatasetSource source = opts.source();
        List<Long> seedList = new ArrayList<>();
        for (long s = 0; s < seeds; s++) {
            seedList.add(s);
        }
        SweepSpec grid =
                new SweepSpec(
                        "ablate",
                        List.of(source),
                        choices,
                        seedList,
                        opts.trainerConfig(spec),
                        RegistryFlags.options(spec, methods),
                        1,
                        opts.df,
                        opts.fusionWeights,
                        List.of(),
                        60);
        MultimodalDataset ds = opts.loadDataset();
        List<CellSpec> cells = grid.cells(Map.of(source.name(), ds.modalityNames()));
        io.mlaops.infra.sweep.SpecLimits.cells("ablate's grid", cells.size());
        // validate every cell against the data before the first (long) training starts;
        // --fusion-weights
        // weighs the fused modalities (a unimodal cell has nothing to weigh: its session ignores
        // them)
        // each training is scored at its last epoch and at the epoch selected on validation
        io.mlaops.model.eval.EvaluationConfig eval = opts.evaluationConfig();
        for (CellSpec c : cells) {
            if (c.definition().combines().isPresent()) {
                continue;
            }
            if (TrainingSession.stepModalities(c, ds).size() > 1) {
                opts.evaluationConfig(c, ds);
            }
        }
        Map<CellSpec, CellMetrics> results = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, EnsembleScoring.Member> members = new LinkedHashMap<>();
        boolean ensembles = cells.stream().anyMatch(c -> c.definition().combines().isPresent());
        List<CellSpec> trained =
                cells.stream().filter(c -> c.definition().combines().isEmpty()).toList();
        AblateStore store =
                new AblateStore(
                        CellsCommand.ablateStore(),
                        ds,
                        "ablate-" + source.name(),
                        opts.fusionWeights,
                        opts.df,
                        opts.dfBatchSize);
        long start = System.nanoTime();
        int done = 0;
        int reused = 0;
        for (CellSpec c : trained) {
            String id = store.id(c);
            ids.put(c.key(), id);
            // an ensemble combines the unimodal models themselves, not only their numbers
            boolean member = ensembles && EnsembleRecipe.MEMBERS.equals(c.recipe());
            java.util.Optional<AblateStore.Kept> kept =
                    retrain ? java.util.Optional.empty() : store.finished(id, eval, member);
            if (kept.isPresent()) {
                results.put(c, kept.get().metrics());
                if (member) {
                    members.put(c.key(), kept.get().member());
                }
                reused++;
            } else {
                try (TrainingSession s = TrainingSession.create(c, ds)) {
                    long t = System.nanoTime();
                    s.run(TrainingListener.NONE);
                    double seconds = (System.nanoTime() - t) / 1e9;
                    CellMetrics m = store.settings().score(s, eval);
                    store.record(c, id, s, m, seconds);
                    results.put(c, m);
                    if (member) {
                        members.put(c.key(), EnsembleScoring.Member.of(s));
                    }
                }
            }
            done++;
            System.err.printf(
                    Locale.ROOT,
                    "\r[%d/%d] %-28s seed %d  %.0fs elapsed",
                    done,
                    trained.size(),
                    c.label(),
                    c.seed(),
                    (System.nanoTime() - start) / 1e9);
        }
        System.err.println();
        System.err.printf(
                Locale.ROOT,
                "%d cell(s) trained, %d taken from the ablate store (%s)%n",
                trained.size() - reused,
                reused,
                CellsCommand.ablateStore());
        // the ensembles train nothing: their unimodal members of the same seed are combined
        for (CellSpec c : cells) {
            if (c.definition().combines().isPresent()) {
                List<EnsembleScoring.Member> of = new ArrayList<>();
                for (CellSpec m : EnsembleRecipe.members(c, ds.modalityNames())) {
                    of.add(members.get(m.key()));
                }
                results.put(c, EnsembleScoring.score(c, of));
            }
        }
        AblationTable table = AblationAggregator.table("ablate-" + source.name(), results, ids);
        System.out.printf(
                Locale.ROOT,
                "%nAblation on %s (content %s), %d seeds, %d epochs, mean ± std in %%%n",
                ds.name(),
                DatasetFingerprint.sha256(ds).substring(0, 12),
                seeds,
                grid.trainer().epochs());
        TablePrinter.print(table, System.out);
        System.out.printf(Locale.ROOT, "wall time %.1fs%n", (System.nanoTime() - start) / 1e9);
        if (csv != null) {
            TableCsv.write(table, csv, perSeed, force);
        }
        return 0;
    }

    /**
     * @return the methods with their variants: --variants, then a method's variant flag (e.g. --hgm
     *     off,code), then its defaults
     */
    private List<RecipeChoice> choices() {
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (String v : variants) {
            int eq = v.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(
                        "--variants '" + v + "': expected METHOD=V1,V2, e.g. mla=off,paper");
            }
            given.put(v.substring(0, eq), List.of(v.substring(eq + 1).split(",")));
        }
        for (Recipe r : Recipes.all()) {
            if (r.variantKey().isPresent()
                    && spec.commandLine()
                            .getParseResult()
                            .hasMatchedOption("--" + r.variantKey().get())) {
                String flag = "--" + r.variantKey().get();
                if (given.containsKey(r.id())) {
                    throw new IllegalArgumentException(
                            flag
                                    + " and --variants "
                                    + r.id()
                                    + "=... both name "
                                    + r.id()
                                    + "'s variants: give one");
                }
                Object value = spec.findOption(flag).getValue();
                given.put(r.id(), List.of(String.valueOf(value).split(",")));
            }
        }
        List<String> trained = new ArrayList<>(methods);
        for (Recipe r : Recipes.all()) {
            // a method that combines others' models comes with them (the ensemble with unimodal)
            if (r.combines().isPresent()) {
                boolean named = trained.contains(r.id());
                boolean sources = trained.contains(r.combines().get());
                if (named && !sources) {
                    throw new IllegalArgumentException(
                            "--methods names "
                                    + r.id()
                                    + " without "
                                    + r.combines().get()
                                    + ": it combines the "
                                    + r.combines().get()
                                    + " models, add "
                                    + r.combines().get());
                }
                if (sources && !named) {
                    trained.add(r.id());
                }
            }
        }
        List<RecipeChoice> out = new ArrayList<>();
        for (String m : trained) {
            Recipe r = Recipes.get(m);
            List<String> v = given.containsKey(m) ? given.remove(m) : r.sweepVariants();
            if (new java.util.HashSet<>(v).size() < v.size()) {
                throw new IllegalArgumentException(
                        r.variantName()
                                + "s of method "
                                + m
                                + " "
                                + v
                                + ": each listed twice would be trained twice: expected each once");
            }
            for (String x : v) {
                if (!r.variants().contains(x) && !(r.variants().isEmpty() && x.isEmpty())) {
                    throw new IllegalArgumentException(
                            "unknown "
                                    + r.variantName()
                                    + " '"
                                    + x
                                    + "' of method "
                                    + m
                                    + ": expected one of "
                                    + String.join(", ", r.variants()));
                }
            }
            out.add(new RecipeChoice(m, v));
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(
                    "variants given for "
                            + given.keySet()
                            + ", which --methods "
                            + methods
                            + " does not train");
        }
        return out;
    }
}
