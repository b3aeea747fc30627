package io.mlaops.infra.cli;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EnsembleScoring;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.tracking.AblationTable;
import io.mlaops.activities.tracking.AblationTableFormat;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    @Option(names = "--csv", description = "Also write the table as CSV to this file")
    Path csv;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds " + seeds + ": expected at least 1");
        }
        List<RecipeChoice> choices = choices();
        if (csv != null) {
            OutputPaths.checkFile(csv, true, "--csv"); // before the trainings, not after
        }
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
                        opts.trainerConfig(),
                        RegistryFlags.options(spec),
                        1,
                        opts.df,
                        opts.fusionWeights,
                        List.of(),
                        60);
        MultimodalDataset ds = opts.loadDataset();
        List<CellSpec> cells = grid.cells(Map.of(source.name(), ds.modalityNames()));
        // validate every cell against the data before the first (long) training starts;
        // --fusion-weights
        // weighs the fused modalities (a unimodal cell has nothing to weigh: its session ignores
        // them)
        opts.evaluationConfig();
        for (CellSpec c : cells) {
            if (c.definition().combines().isPresent()) {
                continue;
            }
            if (TrainingSession.stepModalities(c, ds).size() > 1) {
                opts.evaluationConfig(c, ds);
            }
        }
        // each training is scored at its last epoch and at the epoch selected on validation
        EvaluationSettings scoring =
                new EvaluationSettings(opts.fusionWeights, opts.df, List.of(), 0);
        Map<CellSpec, CellMetrics> results = new LinkedHashMap<>();
        Map<String, EnsembleScoring.Member> members = new LinkedHashMap<>();
        List<CellSpec> trained =
                cells.stream().filter(c -> c.definition().combines().isEmpty()).toList();
        long start = System.nanoTime();
        int done = 0;
        for (CellSpec c : trained) {
            try (TrainingSession s = TrainingSession.create(c, ds)) {
                s.run(TrainingListener.NONE);
                results.put(c, scoring.score(s));
                if (EnsembleRecipe.MEMBERS.equals(c.recipe())) {
                    members.put(c.key(), EnsembleScoring.Member.of(s));
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
        AblationTable table = AblationAggregator.table("ablate-" + source.name(), results);
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
            Path tmp = Files.createTempFile(csv.toAbsolutePath().getParent(), ".ablate", ".csv");
            Files.writeString(tmp, AblationTableFormat.csv(table), StandardCharsets.UTF_8);
            Files.move(
                    tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
