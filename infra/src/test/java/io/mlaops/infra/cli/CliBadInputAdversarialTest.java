package io.mlaops.infra.cli;

import static io.mlaops.infra.cli.ImportFixtures.args;
import static io.mlaops.infra.cli.ImportFixtures.badInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.files.NpyArray;
import io.mlaops.model.data.files.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adversarial pass, group "CLI bad input": each is refused with one line naming the problem, exit
 * 2, before anything starts (a training of 200 epochs would take minutes, so a quick answer shows
 * nothing ran).
 */
class CliBadInputAdversarialTest {
    @TempDir static Path dir;

    private static final Duration QUICK = Duration.ofSeconds(30);

    @ParameterizedTest(name = "--threads {0}")
    @ValueSource(strings = {"0", "-1", "2000", "100000"})
    void threadsAreBoundedByTheProcessors(String threads) {
        int max = java.lang.Runtime.getRuntime().availableProcessors();
        String e =
                assertTimeoutPreemptively(
                        QUICK,
                        () ->
                                badInput(
                                        CliRun.run(
                                                "train", "--epochs", "200", "--threads", threads)));
        assertTrue(e.contains("--threads " + threads) && e.contains("expected 1 to " + max), e);
    }

    @ParameterizedTest(name = "{0} --fusion-weights {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "train --method mla|0.5|a, b",
                "train --method joint|0.2,0.3,0.5|a, b",
                "train --method unimodal --modality a|0.5,0.5|a",
                "train --method mla --modality-order b,a|1|b, a",
                "ablate --seeds 1|0.1,0.2,0.7|a, b"
            })
    void fusionWeightsOfTheWrongLengthAreRefusedBeforeTraining(
            String command, String weights, String order) {
        String[] a =
                args(
                        java.util.List.of(command.split(" ")),
                        "--epochs",
                        "200",
                        "--fusion-weights",
                        weights);
        String e = assertTimeoutPreemptively(QUICK, () -> badInput(CliRun.run(a)));
        int n = order.split(", ").length;
        assertTrue(
                e.contains("--fusion-weights has " + weights.split(",").length)
                        && e.contains("expected " + n)
                        && e.contains("in this order: " + order),
                e);
    }

    @Test
    void ablateFusionWeightsApplyToTheFusedRowsOnly() {
        // before: the unimodal rows were evaluated with two weights for one modality and failed
        // after training
        CliRun.Result r =
                CliRun.run(
                        "ablate",
                        "--seeds",
                        "1",
                        "--epochs",
                        "1",
                        "--hidden",
                        "16",
                        "--feature-dim",
                        "8",
                        "--fusion-weights",
                        "0.6,0.4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("unimodal a"), r.out());
    }

    private static Path binary(String name) throws Exception {
        byte[] b = new byte[512];
        new java.util.Random(1).nextBytes(b);
        b[0] = (byte) 0x89; // PNG-like start: not UTF-8
        return Files.write(dir.resolve(name), b);
    }

    @ParameterizedTest(name = "binary {0}")
    @ValueSource(
            strings = {
                "data import X.csv",
                "sweep --spec X.yaml",
                "demo --spec X.yaml",
                "schedule create nightly --every 24h --pipeline X.yaml",
                "data import X.npz"
            })
    void binaryFilesGiveOneLineNamingTheFile(String command) throws Exception {
        String file = command.substring(command.indexOf('X'));
        Path p = binary("bin-" + file);
        String[] a =
                args(
                        java.util.List.of(command.replace(file, p.toString()).split(" ")),
                        "--name",
                        "bin",
                        "--modality",
                        "a=a1");
        if (!command.startsWith("data")) {
            a = java.util.Arrays.copyOf(a, a.length - 4);
        }
        String[] argv = a;
        String e = assertTimeoutPreemptively(QUICK, () -> badInput(CliRun.run(argv)));
        assertTrue(e.contains(p.toString()), e);
        assertTrue(e.contains("not a UTF-8 text file") || e.contains("not an .npz"), e);
    }

    @ParameterizedTest(name = "--modality {0}")
    @ValueSource(strings = {"label=a1..a3", "a_present=a1..a3", "x y=a1", "é=a1", "a/b=a1"})
    void modalityNamesThatWouldMakeAnUnreadableDataSetAreRefused(String modality) throws Exception {
        Path csv = ImportFixtures.csv(dir.resolve("m.csv"), 30, 0);
        String e =
                assertTimeoutPreemptively(
                        QUICK,
                        () ->
                                badInput(
                                        CliRun.run(
                                                "data",
                                                "import",
                                                csv.toString(),
                                                "--name",
                                                "m",
                                                "--out",
                                                dir.resolve("m-out").toString(),
                                                "--modality",
                                                modality,
                                                "--label",
                                                "cls")));
        assertTrue(
                e.contains("modality name '" + modality.substring(0, modality.indexOf('=')) + "'"),
                e);
        assertTrue(!Files.exists(dir.resolve("m-out")));
    }

    @ParameterizedTest(name = "npz {0}")
    @ValueSource(
            strings = {
                "float array 'x y' found by itself",
                "--modality m_present=good",
                "--modality label=good"
            })
    void npzModalityNamesThatWouldMakeAnUnreadableDataSetAreRefused(String kase) throws Exception {
        int n = 12;
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("good", NpyArray.float32(new float[n * 2], n, 2));
        if (kase.startsWith("float")) {
            arrays.put("x y", NpyArray.float32(new float[n], n, 1));
        }
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        arrays.put("label", NpyArray.int64(y));
        Path p = Files.write(Files.createTempFile(dir, "r", ".npz"), Npz.bytes(arrays));
        Path out = dir.resolve("r-out-" + kase.hashCode());
        String[] a =
                kase.startsWith("float")
                        ? args("data", "import", p, "--name", "r", "--out", out)
                        : args(
                                "data",
                                "import",
                                p,
                                "--name",
                                "r",
                                "--out",
                                out,
                                java.util.List.of(kase.split(" ")));
        String e = badInput(CliRun.run(a));
        assertTrue(
                kase.startsWith("float")
                        ? e.contains("'x y'") && e.contains("--modality NAME=ARRAY")
                        : e.contains(
                                "modality name '"
                                        + kase.substring(11, kase.indexOf('='))
                                        + "' is reserved"),
                e);
        assertTrue(!Files.exists(out));
    }
}
