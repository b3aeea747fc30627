package io.mlaops.infra.cli;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.ModalitySpec;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.data.digits.AvDigitsBuilder;
import io.mlaops.model.data.files.DatasetFiles;
import io.mlaops.model.eval.LinearProbe;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mla data build | describe}. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Build or describe data sets.",
        subcommands = {
            DataCommand.Build.class,
            DataCommand.Import.class,
            DataCommand.Describe.class
        })
final class DataCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(
                "Usage: mla data build av-digits|av-digits-3 | mla data import (FILE | --train F --test F) --name N ... | mla data describe <set>");
    }

    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description =
                    "Build a data set from packages; each kind's options are flags (see below).")
    static final class Build implements Callable<Integer> {
        @Parameters(
                index = "0",
                description = "What to build: av-digits (image + audio) or av-digits-3 (+ text)")
        String what;

        @Option(
                names = "--out",
                description =
                        "Target folder (new, empty, or an earlier data set with --force). Default: $MLA_HOME/datasets/<name>")
        Path out;

        @Option(
                names = "--force",
                description = "Replace an existing data set at the target (atomically)")
        boolean force;

        @Option(
                names = "--missing",
                paramLabel = "MODALITY=FRACTION[@SPLIT+SPLIT]",
                description =
                        "A fraction of the named splits (default: all) lacks a modality, e.g. --missing text=0.3@test. Repeatable.")
        java.util.List<String> missing = new java.util.ArrayList<>();

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            io.mlaops.model.data.kinds.DatasetKinds kinds =
                    io.mlaops.model.data.kinds.DatasetKinds.builtIn();
            var kind =
                    kinds.buildable().stream()
                            .filter(k -> k.id().equals(what))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "data set '"
                                                            + what
                                                            + "': this build can make "
                                                            + String.join(
                                                                    " or ",
                                                                    kinds.buildable().stream()
                                                                            .map(k -> k.id())
                                                                            .toList())));
            var ctxHome = io.mlaops.model.data.kinds.DatasetContext.of(CliEnvironment.home());
            // the kind's options as the staging worker reads them: same names, types, defaults and
            // checks
            Map<String, String> options =
                    kinds.check(
                            what,
                            RegistryFlags.kindOptions(spec, kind, kinds.buildable()),
                            "",
                            ctxHome);
            // the --missing options against the kind's modalities, before a build of minutes
            java.util.List<String> modalities = kind.check(options, ctxHome);
            for (String m : missing) {
                io.mlaops.model.data.digits.MissingModalities.parse(m, modalities);
            }
            Path target = target(out, what);
            recoverInterrupted(target);
            DatasetFiles.checkTarget(
                    target, force); // before a build of minutes: nothing is lost if it fails
            int total =
                    Integer.parseInt(options.get("train"))
                            + Integer.parseInt(options.get("validation"))
                            + Integer.parseInt(options.get("test"));
            warnIfToolChanged(target);
            long t0 = System.nanoTime();
            java.util.function.IntConsumer bar =
                    done -> {
                        int filled = done * 30 / total;
                        System.err.printf(
                                Locale.ROOT,
                                "\rbuilding %s [%s%s] %d/%d",
                                what,
                                "#".repeat(filled),
                                " ".repeat(30 - filled),
                                done,
                                total);
                    };
            MultimodalDataset ds =
                    kind.build(
                            options,
                            new io.mlaops.model.data.kinds.DatasetContext(
                                    CliEnvironment.home(), bar));
            System.err.println();
            for (String m : missing) {
                ds =
                        io.mlaops.model.data.digits.MissingModalities.apply(
                                ds, m, Long.parseLong(options.get("seed")));
            }
            warnOnToolChange(target, ds);
            var manifest = DatasetFiles.write(ds, target, "1", Map.of(), force);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s written to %s in %.1f s%n", what, target, seconds);
            System.out.println(
                    "  "
                            + AvDigitsBuilder.voiceSummary(ds)
                            + "; "
                            + ds.provenance().get("espeak_ng"));
            describe(ds, manifest.contentHash());
            return 0;
        }
    }

    /** Cleans up after an earlier write to {@code target} that was killed, and says what it did. */
    static void recoverInterrupted(Path target) throws java.io.IOException {
        for (String note : DatasetFiles.recoverInterrupted(target)) {
            System.err.println("mla: " + note);
        }
    }

    /**
     * Warns when ICU4J (text of av-digits-3) differs from the version recorded at {@code target}
     * (espeak-ng: {@link #warnIfToolChanged}).
     */
    static void warnOnToolChange(Path target, MultimodalDataset ds) {
        Path manifest = target.resolve("manifest.json");
        if (!java.nio.file.Files.isRegularFile(manifest)) {
            return;
        }
        try {
            var old =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(manifest.toFile())
                            .path("build");
            for (String tool : new String[] {"icu4j"}) {
                String was = old.path(tool).asText("");
                String now = ds.provenance().getOrDefault(tool, "");
                if (!was.isEmpty() && !now.isEmpty() && !was.equals(now)) {
                    System.err.println(
                            "WARNING: "
                                    + tool
                                    + " differs from the one recorded in "
                                    + manifest
                                    + ": was '"
                                    + was
                                    + "', now '"
                                    + now
                                    + "': the content hash will differ from the earlier build");
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println(
                    "WARNING: could not read "
                            + manifest
                            + " to compare tool versions: "
                            + e.getMessage());
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Import pre-extracted features from a CSV (column groups) or an .npz (one array per modality): one FILE,"
                        + " or one file per split (--train FILE --test FILE [--validation FILE]).",
                "Writes $MLA_HOME/datasets/<name> (or --out DIR) through a temporary folder renamed into place;"
                        + " an existing data set is replaced only with --force."
            })
    static final class Import implements Callable<Integer> {
        @Parameters(
                index = "0",
                arity = "0..1",
                description = "The .csv or .npz file (or give --train and --test files instead)")
        Path file;

        @Option(
                names = "--train",
                paramLabel = "FILE",
                description = "Training rows (.csv or .npz), with --test")
        Path trainFile;

        @Option(
                names = "--validation",
                paramLabel = "FILE",
                description =
                        "Validation rows. Optional: without it the validation split is"
                                + " empty, or --validation-fraction carves it from the training rows")
        Path validationFile;

        @Option(names = "--test", paramLabel = "FILE", description = "Test rows, with --train")
        Path testFile;

        @Option(
                names = "--name",
                required = true,
                description =
                        "Data set name: "
                                + io.mlaops.model.data.DatasetName.RULE
                                + "; not a built-in kind (synthetic, av-digits, ...)")
        String name;

        @Option(
                names = "--out",
                description =
                        "Target folder (new, empty, or an earlier data set with --force). Default: $MLA_HOME/datasets/<name>")
        Path out;

        @Option(
                names = "--force",
                description =
                        "Replace an existing data set at the target (atomically: the old one is removed after the new one is in place)")
        boolean force;

        @Option(
                names = "--modality",
                paramLabel = "NAME=COLUMNS",
                description = {
                    "CSV: shape=col1..col9, colour=a,b,c, band1=x1..x96:4 (every 4th column of the range),"
                            + " band2=glob:x.*, band3=regex:b3_[0-9]+ (repeatable).",
                    "NPZ: NAME or NAME=ARRAY (default: every float array)."
                })
        java.util.List<String> modalities = new java.util.ArrayList<>();

        @Option(
                names = "--label",
                defaultValue = "label",
                description = "Label column / array. Default: ${DEFAULT-VALUE}")
        String label;

        @Option(
                names = "--classes",
                split = ",",
                paramLabel = "A,B,C",
                description =
                        "Class names in label order: integer label k becomes the k-th name (NPZ: else the 'label_names' array, if any)")
        java.util.List<String> classes = new java.util.ArrayList<>();

        @Option(
                names = "--split",
                defaultValue = "",
                description =
                        "Column / array with train|validation|test (or 0|1|2). Default: a seeded stratified split")
        String split;

        @Option(
                names = "--validation-fraction",
                paramLabel = "F",
                description =
                        "Without a given split: the fraction of each class for validation"
                                + " (default 0.15; 0 = empty validation). With --split or split files: carve this fraction of each class out of the"
                                + " training rows (refused when the split already has validation rows)")
        Double validationFraction;

        @Option(
                names = "--test-fraction",
                paramLabel = "F",
                description =
                        "Without a given split: the fraction of each class for test."
                                + " Default: 0.15; refused with --split or split files")
        Double testFraction;

        @Option(
                names = "--seed",
                defaultValue = "0",
                description = "Seed of the stratified split. Default: ${DEFAULT-VALUE}")
        long seed;

        @Option(
                names = "--standardize",
                description =
                        "Standardise every feature with the training rows' mean and std (stored in the manifest,"
                                + " applied to every split)")
        boolean standardize;

        @Override
        public Integer call() throws Exception {
            importName(name);
            Map<String, Path> splitFiles = new java.util.LinkedHashMap<>();
            if (trainFile != null) {
                splitFiles.put("train", trainFile);
            }
            if (validationFile != null) {
                splitFiles.put("validation", validationFile);
            }
            if (testFile != null) {
                splitFiles.put("test", testFile);
            }
            if (file != null && !splitFiles.isEmpty()) {
                throw new IllegalArgumentException(
                        "give one FILE or one file per split (--train, --validation, --test), not both");
            }
            if (file == null && splitFiles.isEmpty()) {
                throw new IllegalArgumentException(
                        "no input: give a FILE, or --train FILE --test FILE [--validation FILE]");
            }
            Map<String, String> mods = new java.util.LinkedHashMap<>();
            for (String m : modalities) {
                String[] kv = io.mlaops.model.data.importer.ImportSpec.parseModalityArg(m);
                if (mods.put(kv[0], kv[1]) != null) {
                    throw new IllegalArgumentException("--modality " + kv[0] + " is given twice");
                }
            }
            boolean given = !split.isEmpty() || !splitFiles.isEmpty();
            double val = validationFraction != null ? validationFraction : given ? 0 : 0.15;
            double test = testFraction != null ? testFraction : given ? 0 : 0.15;
            if (given && testFraction != null) {
                throw new IllegalArgumentException(
                        "--test-fraction with "
                                + (split.isEmpty() ? "one file per split" : "--split " + split)
                                + ": the test rows come from the given split; drop --test-fraction");
            }
            var spec =
                    io.mlaops.model.data.importer.ImportSpec.builder(name)
                            .modalities(mods)
                            .labelColumn(label)
                            .splitColumn(split)
                            .fractions(val, test)
                            .seed(seed)
                            .standardize(standardize)
                            .classes(classes)
                            .build();
            Path target = target(out, name);
            recoverInterrupted(target);
            DatasetFiles.checkTarget(
                    target, force); // before reading anything: nothing is lost if it fails
            boolean replacing = java.nio.file.Files.isRegularFile(target.resolve("manifest.json"));
            MultimodalDataset ds =
                    splitFiles.isEmpty()
                            ? io.mlaops.model.data.importer.DatasetImporter.fromFile(file, spec)
                            : io.mlaops.model.data.importer.DatasetImporter.fromSplitFiles(
                                    splitFiles, spec);
            var manifest = DatasetFiles.write(ds, target, "1", Map.of(), force);
            System.out.println(
                    name
                            + " imported to "
                            + target
                            + (replacing ? " (replaced the earlier data set)" : ""));
            if (ds.validation().size() == 0) {
                System.out.println(
                        "  note: the validation split is empty, so per-epoch validation numbers are not computed;"
                                + " --validation-fraction F carves one out of the training rows");
            }
            describe(ds, manifest.contentHash());
            return 0;
        }
    }

    /**
     * Checks a name for a new data set: the plain-name rule, and not a built-in kind that would
     * hide it (the kinds are read from the data set kinds registry, {@link Platform#kinds()}).
     *
     * @throws IllegalArgumentException naming the value and the rule
     */
    static String importName(String name) {
        io.mlaops.model.data.DatasetName.require(name, "--name");
        java.util.SortedSet<String> kinds =
                new java.util.TreeSet<>(
                        Platform.kinds().kinds().ids()); // the kinds' single owner: the registry
        for (String kind : kinds) {
            if (kind.equalsIgnoreCase(name)) {
                throw new IllegalArgumentException(
                        "--name '"
                                + name
                                + "' is a built-in data set kind (built-in: "
                                + String.join(", ", kinds)
                                + "): a data set of that name would be confused with it (--dataset "
                                + kind
                                + "); choose another name");
            }
        }
        return name;
    }

    /**
     * @return {@code out}, or {@code $MLA_HOME/datasets/<name>} (its parent created)
     */
    static Path target(Path out, String name) throws java.io.IOException {
        if (out != null) {
            return out.toAbsolutePath().normalize();
        }
        Path datasets =
                java.nio.file.Files.createDirectories(CliEnvironment.home().resolve("datasets"))
                        .toAbsolutePath()
                        .normalize();
        Path target =
                datasets.resolve(io.mlaops.model.data.DatasetName.require(name, "--name"))
                        .normalize();
        if (!datasets.equals(
                target.getParent())) { // the name rule makes this impossible; kept as the last
            // guard
            throw new IllegalArgumentException("--name '" + name + "' leaves " + datasets);
        }
        return target;
    }

    /**
     * Same knobs with another espeak-ng give other audio: say so when rebuilding over an older
     * build.
     */
    static void warnIfToolChanged(Path target) {
        Path manifest = target.resolve("manifest.json");
        if (!java.nio.file.Files.isRegularFile(manifest)) {
            return;
        }
        try {
            var m =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readValue(
                                    manifest.toFile(),
                                    io.mlaops.model.data.files.DatasetManifest.class);
            String recorded = m.build().get("espeak_ng");
            String now = io.mlaops.model.data.digits.Espeak.version();
            if (recorded != null && !recorded.equals(now)) {
                System.err.println(
                        "mla: warning: "
                                + target
                                + " was built with '"
                                + recorded
                                + "', this machine has '"
                                + now
                                + "': the audio, and so the content hash, will differ");
            }
        } catch (java.io.IOException e) {
            System.err.println(
                    "mla: warning: cannot read the previous manifest "
                            + manifest
                            + ": "
                            + e.getMessage());
        }
    }

    @Command(
            name = "describe",
            mixinStandardHelpOptions = true,
            description = "Sizes, balance, missing rates, hash, linear probes.")
    static final class Describe implements Callable<Integer> {
        @Parameters(
                index = "0",
                description = "Data set folder or name under $MLA_HOME/datasets, or 'synthetic'")
        String set;

        @Override
        public Integer call() throws Exception {
            MultimodalDataset ds =
                    "synthetic".equals(set)
                            ? io.mlaops.model.data.synthetic.SyntheticDatasetGenerator.generate(
                                    io.mlaops.model.data.synthetic.SyntheticConfig.imbalanced(0))
                            : DatasetLocator.load(set);
            describe(ds, DatasetFingerprint.sha256(ds));
            return 0;
        }
    }

    static void describe(MultimodalDataset ds, String hash) {
        System.out.printf(Locale.ROOT, "data set %s, content %s%n", ds.name(), hash);
        System.out.printf(
                Locale.ROOT,
                "  samples: train %d, validation %d, test %d; %d classes%n",
                ds.train().size(),
                ds.validation().size(),
                ds.test().size(),
                ds.numClasses());
        int[] counts = new int[ds.numClasses()];
        for (int y : ds.train().labels()) {
            counts[y]++;
        }
        StringBuilder balance = new StringBuilder();
        for (int k = 0; k < counts.length; k++) {
            balance.append(ds.classNames().get(k)).append('=').append(counts[k]).append(' ');
        }
        System.out.println("  train class balance: " + balance.toString().trim());
        System.out.println(
                "  standardised at import: "
                        + ds.standardization()
                                .map(
                                        st ->
                                                "yes, per feature with the training split's"
                                                        + " mean and std (stored in the manifest, applied to every split)")
                                .orElse("no (features as given or as built)"));
        for (ModalitySpec m : ds.modalities()) {
            StringBuilder miss = new StringBuilder();
            for (String s : MultimodalDataset.SPLITS) {
                MultimodalSplit split = ds.split(s);
                miss.append(
                        String.format(
                                Locale.ROOT, "%s %.1f%% ", s, 100 * split.missingRate(m.name())));
            }
            double probe = LinearProbe.accuracy(ds, m.name(), 0);
            System.out.printf(
                    Locale.ROOT,
                    "  %-8s %4d-d %-9s %slinear-probe test accuracy %6.2f%%  missing: %s%n",
                    m.name(),
                    m.dimension(),
                    m.kind(),
                    m.isVector() ? "" : "shape " + m.shape() + "  ",
                    100 * probe,
                    miss.toString().trim());
        }
    }
}
