package io.mlaops.infra.cli;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.data.synthetic.SyntheticModality;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.TrainerBenchmark;
import io.mlaops.model.train.TrainerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mla bench trainer}: steps per second of one alternating MLA step (one optimiser step per
 * modality), small and large model, 1 and 2 threads, HGM off and on, next to the same loop in
 * PyTorch ({@code bench/pytorch_mla_step.py}) when a Python with {@code torch} is available.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks. Targets: trainer (steps/s), parity (one cell on cpu and on --device, compared), import (CSV rows/s), "
                        + "sweep (a sweep spec on the local stack with --slots training slots: wall time, overhead over the ideal, time per phase)")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "What to benchmark: trainer, parity, import or sweep")
    String target;

    @Option(
            names = "--spec",
            description = "sweep: the sweep spec to run (renamed, so every cell trains)")
    Path spec;

    @Option(
            names = "--slots",
            defaultValue = "2",
            description =
                    "sweep: training slots (the dev up worker plus slots-1 device-queue workers). Default: ${DEFAULT-VALUE}")
    int slots;

    @Option(
            names = "--json",
            description = "sweep: also write the figures to this file (an existing one: --force)")
    Path json;

    @Option(names = "--force", description = "sweep: replace an existing --json file")
    boolean force;

    @Option(
            names = "--rows",
            defaultValue = "200000",
            description =
                    "import: rows of the generated CSV ("
                            + ImportBench.MIN_ROWS
                            + ".."
                            + ImportBench.MAX_ROWS
                            + "). Default: ${DEFAULT-VALUE}")
    int rows;

    @Option(
            names = "--columns",
            defaultValue = "64",
            description =
                    "import: float columns of the generated CSV (2.."
                            + ImportBench.MAX_COLUMNS
                            + "). Default: ${DEFAULT-VALUE}")
    int columns;

    @picocli.CommandLine.Mixin DeviceOption device;

    @Option(
            names = "--epochs",
            defaultValue = "3",
            description = "parity: epochs of the compared cell. Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(
            names = "--loss-tolerance",
            defaultValue = "1e-3",
            description =
                    "parity: largest relative difference of a per-epoch training loss from the CPU's. Default: ${DEFAULT-VALUE}")
    double lossTolerance;

    @Option(
            names = "--accuracy-tolerance",
            defaultValue = "0.01",
            description =
                    "parity: largest difference of the test accuracy (DF) from the CPU's. Default: ${DEFAULT-VALUE}")
    double accuracyTolerance;

    @Option(
            names = "--python",
            description =
                    "Python with torch for the side-by-side run. Default: $MLA_BENCH_PYTHON or python3")
    String python;

    @Option(
            names = "--steps",
            defaultValue = "200",
            description = "Steps per timed round. Default: ${DEFAULT-VALUE}")
    int steps;

    @Option(
            names = "--repeats",
            defaultValue = "7",
            description = "Timed rounds (median reported). Default: ${DEFAULT-VALUE}")
    int repeats;

    @Option(
            names = "--warmup",
            defaultValue = "100",
            description = "Warm-up steps. Default: ${DEFAULT-VALUE}")
    int warmup;

    @Option(
            names = "--threads",
            split = ",",
            defaultValue = "1,2",
            description = "Thread counts. Default: ${DEFAULT-VALUE}")
    List<Integer> threads;

    @Option(
            names = "--models",
            split = ",",
            defaultValue = "small,large,lenet,resnet18",
            description =
                    "trainer: models to time (small, large: MLPs on vectors; lenet, resnet18, resnet18-w16: convolutional encoders on a [1, 28, 28] image and a [32, 40] spectrogram). Default: ${DEFAULT-VALUE}")
    List<String> models;

    @Option(
            names = "--conv-steps",
            defaultValue = "20",
            description =
                    "trainer: steps per timed round of the convolutional models (their steps take 10 to 1000 times longer). Default: ${DEFAULT-VALUE}")
    int convSteps;

    /**
     * A benchmarked model: its modalities' sample shapes, the encoder setting and options, the
     * fully connected widths, d, classes and batch size.
     */
    private record Model(
            String name,
            List<List<Integer>> shapes,
            String encoder,
            java.util.Map<String, String> encoderOptions,
            List<Integer> hidden,
            int feature,
            int classes,
            int batch) {
        boolean conv() {
            return !encoder.equals("mlp");
        }
    }

    private static final List<List<Integer>> AV_SHAPES =
            List.of(List.of(1, 28, 28), List.of(32, 40));

    /** Every model {@code --models} may name. */
    private static final List<Model> MODELS =
            List.of(
                    new Model(
                            "small",
                            List.of(List.of(64), List.of(32)),
                            "mlp",
                            java.util.Map.of(),
                            List.of(128),
                            64,
                            10,
                            64),
                    new Model(
                            "large",
                            List.of(List.of(512), List.of(512)),
                            "mlp",
                            java.util.Map.of(),
                            List.of(512),
                            256,
                            32,
                            256),
                    new Model(
                            "lenet",
                            AV_SHAPES,
                            "lenet",
                            java.util.Map.of("lenet_channels", "6,16", "lenet_kernel", "5"),
                            List.of(128),
                            64,
                            10,
                            64),
                    new Model(
                            "resnet18",
                            AV_SHAPES,
                            "resnet",
                            java.util.Map.of(
                                    "resnet_blocks", "2,2,2,2",
                                    "resnet_width", "64",
                                    "resnet_stem", "imagenet"),
                            List.of(),
                            64,
                            10,
                            64),
                    new Model(
                            "resnet18-w16",
                            AV_SHAPES,
                            "resnet",
                            java.util.Map.of(
                                    "resnet_blocks", "2,2,2,2",
                                    "resnet_width", "16",
                                    "resnet_stem", "imagenet"),
                            List.of(),
                            64,
                            10,
                            64));

    @Override
    public Integer call() throws Exception {
        if ("import".equals(target)) {
            ImportBench.run(rows, columns, repeats);
            return 0;
        }
        if ("sweep".equals(target)) {
            if (spec == null) {
                throw new IllegalArgumentException(
                        "bench sweep needs --spec FILE (e.g. sweeps/overhead16.yaml)");
            }
            return SweepBench.run(spec, slots, json, force, System.out);
        }
        if (!"trainer".equals(target) && !"parity".equals(target)) {
            throw new IllegalArgumentException(
                    "bench target '" + target + "': expected trainer, parity, import or sweep");
        }
        if (steps < 1 || repeats < 1 || warmup < 0) {
            throw new IllegalArgumentException("--steps and --repeats must be >= 1, --warmup >= 0");
        }
        if (epochs < 1 || !(lossTolerance >= 0) || !(accuracyTolerance >= 0)) {
            throw new IllegalArgumentException("--epochs must be >= 1 and the tolerances >= 0");
        }
        ai.djl.Device on = device.open();
        if ("parity".equals(target)) {
            return ParityBench.run(
                    on, epochs, threads.get(0), lossTolerance, accuracyTolerance, System.out);
        }
        List<Model> chosen = new ArrayList<>();
        for (String name : models) {
            chosen.add(
                    MODELS.stream()
                            .filter(m -> m.name().equals(name))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "--models: unknown model '"
                                                            + name
                                                            + "': expected some of "
                                                            + MODELS.stream()
                                                                    .map(Model::name)
                                                                    .toList())));
        }
        if (convSteps < 1) {
            throw new IllegalArgumentException("--conv-steps must be >= 1");
        }
        // the PyTorch script times the CPU loop: next to a GPU run it would compare different
        // devices
        String py = on.isGpu() ? null : pythonWithTorch();
        System.out.printf(
                Locale.ROOT,
                "mla bench trainer on %s: median steps/s of %d rounds x %d steps after %d warm-up steps"
                        + " (convolutional models: %d steps after %d) (HGM off/on rounds interleaved); "
                        + "one step = one batch = one Adam step per modality%n",
                on,
                repeats,
                steps,
                warmup,
                convSteps,
                Math.min(warmup, Math.max(1, convSteps / 2)));
        System.out.println(
                on.isGpu()
                        ? "PyTorch side: not run on a GPU device (the script times the CPU loop)"
                        : py == null
                                ? "PyTorch side: no Python with torch found (set --python or MLA_BENCH_PYTHON)"
                                : "PyTorch side: " + py);
        System.out.printf(
                Locale.ROOT,
                "%-12s %-7s %-4s %12s %12s %10s %12s%n",
                "model",
                "threads",
                "hgm",
                "DJL steps/s",
                "HGM cost",
                "torch st/s",
                "DJL/torch");
        for (Model m : chosen) {
            MultimodalDataset ds = data(m);
            int mSteps = m.conv() ? convSteps : steps;
            int mWarmup = m.conv() ? Math.min(warmup, Math.max(1, convSteps / 2)) : warmup;
            for (int t : threads) {
                List<CellSpec> cfgs = new ArrayList<>();
                TrainerConfig trainer =
                        TrainerConfig.builder()
                                .hiddenWidths(m.hidden())
                                .featureDim(m.feature())
                                .dropout(0f)
                                .batchSize(m.batch())
                                .threads(t)
                                .optimizer(OptimizerSettings.adam(1e-3, 1e-4))
                                .encoders(m.encoder(), m.encoderOptions())
                                .build();
                for (boolean hgm : new boolean[] {false, true}) {
                    cfgs.add(
                            new CellSpec(
                                            "bench",
                                            "mla",
                                            hgm ? "paper" : "off",
                                            "",
                                            0,
                                            trainer,
                                            java.util.Map.of())
                                    .validate());
                }
                double[][] rates =
                        TrainerBenchmark.stepsPerSecond(cfgs, ds, mWarmup, mSteps, repeats, on);
                double off = rates[0][repeats / 2];
                for (int k = 0; k < 2; k++) {
                    boolean hgm = k == 1;
                    double djl = rates[k][repeats / 2];
                    String overhead =
                            hgm ? String.format(Locale.ROOT, "%+.1f%%", 100 * (off / djl - 1)) : "";
                    double torch =
                            py == null ? Double.NaN : torchRate(py, m, t, hgm, mWarmup, mSteps);
                    System.out.printf(
                            Locale.ROOT,
                            "%-12s %-7d %-4s %12.2f %12s %10s %12s%n",
                            m.name(),
                            t,
                            hgm ? "on" : "off",
                            djl,
                            overhead,
                            Double.isNaN(torch) ? "-" : String.format(Locale.ROOT, "%.2f", torch),
                            Double.isNaN(torch)
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.2fx", djl / torch));
                }
            }
        }
        System.out.println(
                "HGM cost = extra time per step with HGM on, relative to off (same model and threads).");
        return 0;
    }

    /** Synthetic data of the model's shapes (values drawn as vectors, then given the shapes). */
    private static MultimodalDataset data(Model m) {
        List<SyntheticModality> mods = new ArrayList<>();
        for (int i = 0; i < m.shapes().size(); i++) {
            int d = m.shapes().get(i).stream().reduce(1, (a, b) -> a * b);
            mods.add(new SyntheticModality(Character.toString('a' + i), d, 2.0, 1.0, i, 0));
        }
        MultimodalDataset v =
                SyntheticDatasetGenerator.generate(
                        new SyntheticConfig(m.classes(), mods, 1.0, 2048, 16, 16, 1));
        MultimodalDataset.Builder b =
                MultimodalDataset.builder(v.name()).classNames(v.classNames());
        for (int i = 0; i < m.shapes().size(); i++) {
            b.modality(Character.toString('a' + i), m.shapes().get(i), "bench");
        }
        MultimodalDataset.SPLITS.forEach(s -> b.split(s, v.split(s)));
        return b.build();
    }

    private static String shapesArgument(Model m) {
        List<String> out = new ArrayList<>();
        for (List<Integer> s : m.shapes()) {
            out.add(String.join("x", s.stream().map(String::valueOf).toList()));
        }
        return String.join(",", out);
    }

    private String pythonWithTorch() {
        List<String> candidates = new ArrayList<>();
        if (python != null) {
            candidates.add(python);
        }
        String env = System.getenv("MLA_BENCH_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("python3");
        for (String c : candidates) {
            try {
                Process p =
                        new ProcessBuilder(c, "-c", "import torch")
                                .redirectErrorStream(true)
                                .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return c;
                }
            } catch (Exception e) {
                // try the next one
            }
        }
        return null;
    }

    private double torchRate(String py, Model m, int threads, boolean hgm, int mWarmup, int mSteps)
            throws Exception {
        Path script = Path.of("bench", "pytorch_mla_step.py");
        if (!Files.isRegularFile(script)) {
            return Double.NaN;
        }
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                py,
                                script.toString(),
                                "--shapes",
                                shapesArgument(m),
                                "--encoder",
                                m.encoder(),
                                "--hidden",
                                String.join(",", m.hidden().stream().map(String::valueOf).toList()),
                                "--feature",
                                "" + m.feature(),
                                "--classes",
                                "" + m.classes(),
                                "--batch",
                                "" + m.batch(),
                                "--threads",
                                "" + threads,
                                "--warmup",
                                "" + mWarmup,
                                "--steps",
                                "" + mSteps,
                                "--repeats",
                                "" + repeats));
        m.encoderOptions().forEach((k, v) -> cmd.add("--" + k.replace('_', '-') + "=" + v));
        if (hgm) {
            cmd.add("--hgm");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
        }
        p.waitFor();
        Matcher mt = Pattern.compile("\"median_steps_per_s\": ([0-9.eE+-]+)").matcher(out);
        Matcher v = Pattern.compile("\"torch\": \"([^\"]+)\"").matcher(out);
        if (v.find() && !printedVersion) {
            System.out.println("  (torch " + v.group(1) + ")");
            printedVersion = true;
        }
        return mt.find() ? Double.parseDouble(mt.group(1)) : Double.NaN;
    }

    private boolean printedVersion;
}
