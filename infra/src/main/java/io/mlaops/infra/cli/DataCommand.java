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
@Command(name = "data", mixinStandardHelpOptions = true, description = "Build or describe data sets.",
        subcommands = {DataCommand.Build.class, DataCommand.Import.class, DataCommand.Describe.class})
final class DataCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Usage: mla data build av-digits|av-digits-3 | mla data import FILE --name N ... | mla data describe <set>");
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Build a data set from packages; each kind's options are flags (see below).")
    static final class Build implements Callable<Integer> {
        @Parameters(index = "0", description = "What to build: av-digits (image + audio) or av-digits-3 (+ text)")
        String what;

        @Option(names = "--out", description = "Target folder. Default: $MLA_HOME/datasets/<name>")
        Path out;

        @Option(names = "--missing", paramLabel = "MODALITY=FRACTION[@SPLIT+SPLIT]",
                description = "A fraction of the named splits (default: all) lacks a modality, e.g. --missing text=0.3@test. Repeatable.")
        java.util.List<String> missing = new java.util.ArrayList<>();

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            io.mlaops.model.data.kinds.DatasetKinds kinds = io.mlaops.model.data.kinds.DatasetKinds.builtIn();
            var kind = kinds.buildable().stream().filter(k -> k.id().equals(what)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("data set '" + what + "': this build can make "
                            + String.join(" or ", kinds.buildable().stream().map(k -> k.id()).toList())));
            var ctxHome = io.mlaops.model.data.kinds.DatasetContext.of(CliEnvironment.home());
            // the kind's options as the staging worker reads them: same names, types, defaults and checks
            Map<String, String> options = kinds.check(what, RegistryFlags.kindOptions(spec, kind), "", ctxHome);
            Path target = out != null ? out : CliEnvironment.home().resolve("datasets").resolve(what);
            int total = Integer.parseInt(options.get("train")) + Integer.parseInt(options.get("validation"))
                    + Integer.parseInt(options.get("test"));
            warnIfToolChanged(target);
            long t0 = System.nanoTime();
            java.util.function.IntConsumer bar = done -> {
                int filled = done * 30 / total;
                System.err.printf(Locale.ROOT, "\rbuilding %s [%s%s] %d/%d", what, "#".repeat(filled), " ".repeat(30 - filled), done, total);
            };
            MultimodalDataset ds = kind.build(options, new io.mlaops.model.data.kinds.DatasetContext(CliEnvironment.home(), bar));
            System.err.println();
            for (String m : missing) {
                ds = io.mlaops.model.data.digits.MissingModalities.apply(ds, m, Long.parseLong(options.get("seed")));
            }
            warnOnToolChange(target, ds);
            var manifest = DatasetFiles.write(ds, target, "1", Map.of());
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s written to %s in %.1f s%n", what, target, seconds);
            System.out.println("  " + AvDigitsBuilder.voiceSummary(ds) + "; " + ds.provenance().get("espeak_ng"));
            describe(ds, manifest.contentHash());
            return 0;
        }
    }

    /** Warns when ICU4J (text of av-digits-3) differs from the version recorded at {@code target} (espeak-ng: {@link #warnIfToolChanged}). */
    static void warnOnToolChange(Path target, MultimodalDataset ds) {
        Path manifest = target.resolve("manifest.json");
        if (!java.nio.file.Files.isRegularFile(manifest)) {
            return;
        }
        try {
            var old = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.toFile()).path("build");
            for (String tool : new String[] {"icu4j"}) {
                String was = old.path(tool).asText("");
                String now = ds.provenance().getOrDefault(tool, "");
                if (!was.isEmpty() && !now.isEmpty() && !was.equals(now)) {
                    System.err.println("WARNING: " + tool + " differs from the one recorded in " + manifest + ": was '" + was
                            + "', now '" + now + "': the content hash will differ from the earlier build");
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("WARNING: could not read " + manifest + " to compare tool versions: " + e.getMessage());
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import pre-extracted features from a CSV (column groups) or an .npz (one array per modality).")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", description = "The .csv or .npz file")
        Path file;

        @Option(names = "--name", required = true, description = "Data set name (folder under $MLA_HOME/datasets unless --out)")
        String name;

        @Option(names = "--out", description = "Target folder. Default: $MLA_HOME/datasets/<name>")
        Path out;

        @Option(names = "--modality", paramLabel = "NAME=COLUMNS",
                description = "CSV: shape=col1..col9 or colour=a,b,c (repeatable). NPZ: NAME or NAME=ARRAY (default: every float array).")
        java.util.List<String> modalities = new java.util.ArrayList<>();

        @Option(names = "--label", defaultValue = "label", description = "Label column / array. Default: ${DEFAULT-VALUE}")
        String label;

        @Option(names = "--split", defaultValue = "", description = "Column / array with train|validation|test (or 0|1|2). Default: a seeded stratified split")
        String split;

        @Option(names = "--validation-fraction", defaultValue = "0.15", description = "Default: ${DEFAULT-VALUE}")
        double validationFraction;

        @Option(names = "--test-fraction", defaultValue = "0.15", description = "Default: ${DEFAULT-VALUE}")
        double testFraction;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the stratified split. Default: ${DEFAULT-VALUE}")
        long seed;

        @Override
        public Integer call() throws Exception {
            Map<String, String> mods = new java.util.LinkedHashMap<>();
            for (String m : modalities) {
                String[] kv = io.mlaops.model.data.importer.ImportSpec.parseModalityArg(m);
                if (mods.put(kv[0], kv[1]) != null) {
                    throw new IllegalArgumentException("--modality " + kv[0] + " is given twice");
                }
            }
            var spec = new io.mlaops.model.data.importer.ImportSpec(name, mods, label, split, validationFraction, testFraction, seed);
            String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
            MultimodalDataset ds;
            if (lower.endsWith(".csv")) {
                ds = io.mlaops.model.data.importer.DatasetImporter.fromCsv(file, spec);
            } else if (lower.endsWith(".npz")) {
                ds = io.mlaops.model.data.importer.DatasetImporter.fromNpz(file, spec);
            } else {
                throw new IllegalArgumentException(file + ": expected a .csv or .npz file");
            }
            Path target = out != null ? out : CliEnvironment.home().resolve("datasets").resolve(name);
            var manifest = DatasetFiles.write(ds, target, "1", Map.of());
            System.out.println(name + " imported to " + target);
            describe(ds, manifest.contentHash());
            return 0;
        }
    }

    /** Same knobs with another espeak-ng give other audio: say so when rebuilding over an older build. */
    static void warnIfToolChanged(Path target) {
        Path manifest = target.resolve("manifest.json");
        if (!java.nio.file.Files.isRegularFile(manifest)) {
            return;
        }
        try {
            var m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(manifest.toFile(),
                    io.mlaops.model.data.files.DatasetManifest.class);
            String recorded = m.build().get("espeak_ng");
            String now = io.mlaops.model.data.digits.Espeak.version();
            if (recorded != null && !recorded.equals(now)) {
                System.err.println("mla: warning: " + target + " was built with '" + recorded + "', this machine has '" + now
                        + "': the audio, and so the content hash, will differ");
            }
        } catch (java.io.IOException e) {
            System.err.println("mla: warning: cannot read the previous manifest " + manifest + ": " + e.getMessage());
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Sizes, balance, missing rates, hash, linear probes.")
    static final class Describe implements Callable<Integer> {
        @Parameters(index = "0", description = "Data set folder or name under $MLA_HOME/datasets, or 'synthetic'")
        String set;

        @Override
        public Integer call() throws Exception {
            MultimodalDataset ds = "synthetic".equals(set)
                    ? io.mlaops.model.data.synthetic.SyntheticDatasetGenerator.generate(io.mlaops.model.data.synthetic.SyntheticConfig.imbalanced(0))
                    : DatasetLocator.load(set);
            describe(ds, DatasetFingerprint.sha256(ds));
            return 0;
        }
    }

    static void describe(MultimodalDataset ds, String hash) {
        System.out.printf(Locale.ROOT, "data set %s, content %s%n", ds.name(), hash);
        System.out.printf(Locale.ROOT, "  samples: train %d, validation %d, test %d; %d classes%n", ds.train().size(),
                ds.validation().size(), ds.test().size(), ds.numClasses());
        int[] counts = new int[ds.numClasses()];
        for (int y : ds.train().labels()) {
            counts[y]++;
        }
        StringBuilder balance = new StringBuilder();
        for (int k = 0; k < counts.length; k++) {
            balance.append(ds.classNames().get(k)).append('=').append(counts[k]).append(' ');
        }
        System.out.println("  train class balance: " + balance.toString().trim());
        for (ModalitySpec m : ds.modalities()) {
            StringBuilder miss = new StringBuilder();
            for (String s : MultimodalDataset.SPLITS) {
                MultimodalSplit split = ds.split(s);
                miss.append(String.format(Locale.ROOT, "%s %.1f%% ", s, 100 * split.missingRate(m.name())));
            }
            double probe = LinearProbe.accuracy(ds, m.name(), 0);
            System.out.printf(Locale.ROOT, "  %-8s %4d-d %-9s linear-probe test accuracy %6.2f%%  missing: %s%n", m.name(),
                    m.dimension(), m.kind(), 100 * probe, miss.toString().trim());
        }
    }
}
