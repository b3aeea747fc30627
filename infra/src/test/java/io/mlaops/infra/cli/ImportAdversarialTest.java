package io.mlaops.infra.cli;

import static io.mlaops.infra.cli.ImportFixtures.args;
import static io.mlaops.infra.cli.ImportFixtures.badInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.files.DatasetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Adversarial pass, group "import": a user's files as they come (train and test files, no
 * validation, raw features, numpy's Fortran arrays, class names, interleaved columns), and every
 * inconsistent combination of flags refused rather than silently ignored.
 */
class ImportAdversarialTest {
    @TempDir static Path dir;
    private static Path train;
    private static Path test;
    private static Path withSplit;

    @BeforeAll
    static void files() throws Exception {
        train = ImportFixtures.csv(dir.resolve("train.csv"), 45, 0);
        test = ImportFixtures.csv(dir.resolve("test.csv"), 15, 1000);
        StringBuilder sb =
                new StringBuilder(
                        Files.readString(train).strip().lines().findFirst().orElseThrow()
                                + ",part\n");
        Files.readString(train).lines().skip(1).forEach(l -> sb.append(l).append(",train\n"));
        Files.readString(test).lines().skip(1).forEach(l -> sb.append(l).append(",test\n"));
        withSplit = Files.writeString(dir.resolve("split.csv"), sb);
    }

    @Test
    void trainAndTestFilesWithoutValidationStandardisedAndDescribed() throws Exception {
        Path out = dir.resolve("tt");
        CliRun.Result r =
                CliRun.run(
                        args(
                                "data",
                                "import",
                                "--train",
                                train,
                                "--test",
                                test,
                                "--name",
                                "tt",
                                "--out",
                                out,
                                "--standardize",
                                ImportFixtures.modalities()));
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().contains("validation split is empty")
                        && r.out().contains("--validation-fraction"),
                r.out());
        MultimodalDataset ds = DatasetFiles.read(out);
        assertEquals(
                List.of(45, 0, 15),
                List.of(ds.train().size(), ds.validation().size(), ds.test().size()));
        assertTrue(ds.standardization().isPresent());
        r = CliRun.run("data", "describe", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("standardised at import: yes"), r.out());
        // training on it works: validation numbers are simply not there
        r =
                CliRun.run(
                        "train",
                        "--dataset",
                        out.toString(),
                        "--epochs",
                        "1",
                        "--hidden",
                        "16",
                        "--feature-dim",
                        "8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*\\btest samples +15\\n.*"), r.out());
    }

    @Test
    void validationCarvedFromTrainOnRequest() throws Exception {
        Path out = dir.resolve("carved");
        CliRun.Result r =
                CliRun.run(
                        args(
                                "data",
                                "import",
                                "--train",
                                train,
                                "--test",
                                test,
                                "--validation-fraction",
                                "0.2",
                                "--name",
                                "carved",
                                "--out",
                                out,
                                ImportFixtures.modalities()));
        assertEquals(0, r.code(), r.err());
        MultimodalDataset ds = DatasetFiles.read(out);
        assertEquals(
                List.of(36, 9, 15),
                List.of(ds.train().size(), ds.validation().size(), ds.test().size()));
        r =
                CliRun.run(
                        args(
                                "data",
                                "import",
                                withSplit,
                                "--split",
                                "part",
                                "--validation-fraction",
                                "0.2",
                                "--name",
                                "carved2",
                                "--out",
                                dir.resolve("carved2"),
                                ImportFixtures.modalities()));
        assertEquals(0, r.code(), r.err());
        assertEquals(
                9,
                DatasetFiles.read(dir.resolve("carved2")).validation().size(),
                "same rows, same carve-out, column or files");
        r = CliRun.run("data", "describe", dir.resolve("carved2").toString());
        assertTrue(r.out().contains("standardised at import: no"), r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "FILE and --train|SPLIT --train TRAIN --test TEST|not both",
                "no input|--name x|no input",
                "--validation without --train|--validation TEST --test TEST|no train file",
                "--test-fraction with split files|--train TRAIN --test TEST --test-fraction 0.2|--test-fraction",
                "--test-fraction with --split|SPLIT --split part --test-fraction 0.2|--test-fraction",
                "--split with split files|--train TRAIN --test TEST --split part|--split part with one file per split",
                "--validation-fraction where the split has validation rows|--train TRAIN --validation TEST --test TEST --validation-fraction 0.1|already has 15 validation rows",
                "fractions summing to 1|TRAIN --validation-fraction 0.5 --test-fraction 0.5|sum < 1",
                "--test-fraction 0 without a split|TRAIN --test-fraction 0|test fraction > 0",
                "files with other columns|--train TRAIN --test OTHER|expected the same modalities",
                "a test file of another format|--train TRAIN --test TXT|expected a .csv or .npz file",
                "--classes too short for integer labels|INTS --classes a,b|not one of the classes [a, b]",
                "--classes repeated|TRAIN --classes a,a|twice",
                "modality selecting the label|TRAIN --modality all=glob:*|is the label column",
                "a step of 0|TRAIN --modality a=a1..a3:0|step 0",
                "no such glob|TRAIN --modality a=glob:zz*|matches no column",
                "bad regex|TRAIN --modality a=regex:(|bad pattern",
                "unclosed quote|QUOTE|well-formed CSV"
            })
    void inconsistentFlagsAreRefused(String kase, String argLine, String expected)
            throws Exception {
        Path other =
                Files.writeString(
                        dir.resolve("other.csv"),
                        "id,a1,a2,ax,a3,b1,b2,cls\n1,1,1,1,1,1,1,k0\n2,2,2,2,2,2,2,k1\n");
        Path txt = Files.writeString(dir.resolve("t.txt"), "x");
        StringBuilder ints = new StringBuilder("a1,a2,a3,b1,b2,cls\n");
        for (int i = 0; i < 30; i++) {
            ints.append(i).append(",1,2,3,4,").append(i % 3).append('\n');
        }
        Path intLabels = Files.writeString(dir.resolve("ints.csv"), ints);
        Path quote =
                Files.writeString(
                        dir.resolve("quote.csv"),
                        "a1,a2,a3,b1,b2,cls\n1,2,3,4,5,\"k0\n1,2,3,4,5,k1\n");
        List<Object> a = new java.util.ArrayList<>(List.of("data", "import"));
        for (String t : argLine.split(" ")) {
            a.add(
                    switch (t) {
                        case "TRAIN" -> train;
                        case "TEST" -> test;
                        case "SPLIT" -> withSplit;
                        case "OTHER" -> other;
                        case "TXT" -> txt;
                        case "INTS" -> intLabels;
                        case "QUOTE" -> quote;
                        default -> t;
                    });
        }
        if (!argLine.contains("--name")) {
            a.addAll(List.of("--name", "bad", "--out", dir.resolve("bad")));
        }
        if (!argLine.contains("--modality")) {
            a.add(ImportFixtures.modalities());
        } else {
            a.addAll(List.of("--label", "cls"));
        }
        String e = badInput(CliRun.run(args(a.toArray())));
        assertTrue(e.contains(expected), e);
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written");
    }

    @Test
    void numpyFortranArraysWithLabelNamesImport() throws Exception {
        Path npz = dir.resolve("np.npz");
        ImportFixtures.runPython(
                "import numpy as np\n"
                        + "rng = np.random.default_rng(0)\n"
                        + "x = rng.normal(size=(60, 6)).astype(np.float32)\n"
                        + "img = np.asfortranarray(x[:, :4])\n"
                        + "aud = x[:, 4:].copy(order='F')\n"
                        + "assert img.flags['F_CONTIGUOUS'] and not img.flags['C_CONTIGUOUS']\n"
                        + "np.savez('"
                        + npz
                        + "', image=img, audio=aud, label=np.arange(60) % 3,"
                        + " label_names=np.array(['cat', 'dog', 'emu']))\n");
        Path out = dir.resolve("np");
        CliRun.Result r =
                CliRun.run(
                        "data", "import", npz.toString(), "--name", "np", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        MultimodalDataset ds = DatasetFiles.read(out);
        assertEquals(List.of("cat", "dog", "emu"), ds.classNames());
        assertEquals(List.of("image", "audio"), ds.modalityNames());
        // the values are numpy's row by row, not the Fortran memory order
        Path check = dir.resolve("check.npz");
        ImportFixtures.runPython(
                "import numpy as np\n"
                        + "z = np.load('"
                        + npz
                        + "'); t = np.load('"
                        + out.resolve("train.npz")
                        + "')\n"
                        + "img = z['image']; rows = [i for i in range(60) if any(np.array_equal(img[i], r) for r in t['image'])]\n"
                        + "assert len(rows) == t['image'].shape[0], (len(rows), t['image'].shape)\n");
        assertFalse(Files.exists(check));
        r =
                CliRun.run(
                        "data",
                        "import",
                        npz.toString(),
                        "--name",
                        "np2",
                        "--out",
                        dir.resolve("np2").toString(),
                        "--classes",
                        "a,b,c");
        String e = badInput(r);
        assertTrue(e.contains("differs from the file's 'label_names'"), e);
    }

    @Test
    void interleavedColumnsByStep() throws Exception {
        StringBuilder sb = new StringBuilder("x.1,x.2,x.3,x.4,x.5,x.6,cls\n");
        for (int i = 0; i < 30; i++) {
            sb.append("1,2,3,4,5,6,").append(i % 2).append('\n');
        }
        Path p = Files.writeString(dir.resolve("il.csv"), sb);
        Path out = dir.resolve("il");
        CliRun.Result r =
                CliRun.run(
                        "data",
                        "import",
                        p.toString(),
                        "--name",
                        "il",
                        "--out",
                        out.toString(),
                        "--modality",
                        "odd=x.1..x.6:2",
                        "--modality",
                        "even=regex:x\\.[246]",
                        "--label",
                        "cls");
        assertEquals(0, r.code(), r.err());
        MultimodalDataset ds = DatasetFiles.read(out);
        assertEquals(
                List.of(1f, 3f, 5f),
                List.of(
                        ds.train().features("odd")[0],
                        ds.train().features("odd")[1],
                        ds.train().features("odd")[2]));
        assertEquals(
                List.of(2f, 4f, 6f),
                List.of(
                        ds.train().features("even")[0],
                        ds.train().features("even")[1],
                        ds.train().features("even")[2]));
    }
}
