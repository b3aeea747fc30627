package io.mlaops.infra.cli;

import static io.mlaops.infra.cli.ImportFixtures.args;
import static io.mlaops.infra.cli.ImportFixtures.badInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.files.DatasetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adversarial pass, group "data safety": nothing a user has is lost or replaced without --force,
 * nothing is written outside MLA_HOME unless the user names the path, and output paths are checked
 * before any work starts. Runs the real command line against the default MLA_HOME ({@code .mla} in
 * the module folder) with uniquely named data sets, removed after.
 */
class DataSafetyAdversarialTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String KEEP = "keep-" + RUN;
    private static Path home;
    private static Path csv;
    private static String keepHash;

    @TempDir static Path dir;

    @BeforeAll
    static void importAKeptDataSet() throws Exception {
        home = Path.of(".mla").toAbsolutePath().normalize();
        csv = ImportFixtures.csv(dir.resolve("good.csv"), 60, 0);
        CliRun.Result r =
                CliRun.run(
                        args("data", "import", csv, "--name", KEEP, ImportFixtures.modalities()));
        assertEquals(0, r.code(), r.err());
        keepHash =
                DatasetFingerprint.sha256(
                        DatasetFiles.read(home.resolve("datasets").resolve(KEEP)));
    }

    @AfterAll
    static void removeIt() throws Exception {
        ImportFixtures.deleteTree(home.resolve("datasets").resolve(KEEP));
        ImportFixtures.deleteTree(home.resolve("datasets").resolve("re-" + RUN));
    }

    private static void keptDataSetIsIntact() throws Exception {
        assertEquals(
                keepHash,
                DatasetFingerprint.sha256(
                        DatasetFiles.read(home.resolve("datasets").resolve(KEEP))));
    }

    @ParameterizedTest(name = "--name [{0}]")
    @ValueSource(
            strings = {
                "",
                ".",
                "..",
                "keep1/..",
                "../../x-RUN",
                "/abs-RUN",
                "a/b",
                "..\\x",
                "-rf",
                ".hidden",
                "x y",
                "synthetic",
                "Synthetic",
                "av-digits",
                "av-digits-3",
                "folder"
            })
    void badNamesAreRefusedAndNothingIsTouched(String raw) throws Exception {
        String name = raw.replace("RUN", RUN);
        List<String> before = ImportFixtures.tree(home.resolve("datasets"));
        String e =
                badInput(
                        CliRun.run(
                                args(
                                        "data",
                                        "import",
                                        csv,
                                        "--name",
                                        name,
                                        ImportFixtures.modalities())));
        assertTrue(e.contains("--name"), e);
        assertEquals(
                before,
                ImportFixtures.tree(home.resolve("datasets")),
                "datasets/ unchanged, no temporary folder left");
        keptDataSetIsIntact();
        assertFalse(Files.exists(Path.of("/abs-" + RUN)));
        assertFalse(Files.exists(home.resolve("datasets").resolve("../../x-" + RUN).normalize()));
    }

    @Test
    void reImportNeedsForceAndThenReplacesAtomically() throws Exception {
        String name = "re-" + RUN;
        Path target = home.resolve("datasets").resolve(name);
        assertEquals(
                0,
                CliRun.run(args("data", "import", csv, "--name", name, ImportFixtures.modalities()))
                        .code());
        String first = DatasetFingerprint.sha256(DatasetFiles.read(target));
        String e =
                badInput(
                        CliRun.run(
                                args(
                                        "data",
                                        "import",
                                        csv,
                                        "--name",
                                        name,
                                        "--seed",
                                        "7",
                                        ImportFixtures.modalities())));
        assertTrue(e.contains("already holds a data set") && e.contains("--force"), e);
        assertEquals(first, DatasetFingerprint.sha256(DatasetFiles.read(target)));
        CliRun.Result r =
                CliRun.run(
                        args(
                                "data",
                                "import",
                                csv,
                                "--name",
                                name,
                                "--seed",
                                "7",
                                "--force",
                                ImportFixtures.modalities()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("replaced the earlier data set"), r.out());
        assertFalse(
                first.equals(DatasetFingerprint.sha256(DatasetFiles.read(target))),
                "another seed, another split");
        assertTrue(
                ImportFixtures.tree(home.resolve("datasets")).stream()
                        .noneMatch(p -> p.startsWith(".")),
                "no temporary folder left");
    }

    @ParameterizedTest(name = "--out {0}")
    @ValueSource(
            strings = {
                "folder with notes.txt",
                "folder with notes.txt --force",
                "data set plus notes.txt --force",
                "a file",
                "missing parent",
                "existing data set"
            })
    void outNeverReplacesWhatIsNotItsOwn(String kase) throws Exception {
        Path root = Files.createTempDirectory(dir, "out");
        Path out = root.resolve("target");
        boolean force = kase.endsWith("--force");
        switch (kase.replace(" --force", "")) {
            case "folder with notes.txt" ->
                    Files.writeString(Files.createDirectories(out).resolve("notes.txt"), "mine");
            case "data set plus notes.txt" -> {
                assertEquals(
                        0,
                        CliRun.run(
                                        args(
                                                "data",
                                                "import",
                                                csv,
                                                "--name",
                                                "x",
                                                "--out",
                                                out,
                                                ImportFixtures.modalities()))
                                .code());
                Files.writeString(out.resolve("notes.txt"), "mine");
            }
            case "a file" -> Files.writeString(out, "mine");
            case "missing parent" -> out = root.resolve("no").resolve("such").resolve("target");
            case "existing data set" ->
                    assertEquals(
                            0,
                            CliRun.run(
                                            args(
                                                    "data",
                                                    "import",
                                                    csv,
                                                    "--name",
                                                    "x",
                                                    "--out",
                                                    out,
                                                    ImportFixtures.modalities()))
                                    .code());
            default -> throw new IllegalStateException(kase);
        }
        List<String> before = ImportFixtures.tree(root);
        List<Object> a =
                new java.util.ArrayList<>(
                        List.of("data", "import", csv, "--name", "y", "--out", out, "--seed", "3"));
        if (force) {
            a.add("--force");
        }
        a.add(ImportFixtures.modalities());
        String e = badInput(CliRun.run(args(a.toArray())));
        assertTrue(e.contains(out.toString()) || e.contains(out.getParent().toString()), e);
        assertEquals(before, ImportFixtures.tree(root), "nothing changed, nothing left behind");
    }

    @Test
    void anEmptyOutFolderIsFilled() throws Exception {
        Path out = Files.createDirectories(dir.resolve("empty"));
        assertEquals(
                0,
                CliRun.run(
                                args(
                                        "data",
                                        "import",
                                        csv,
                                        "--name",
                                        "e",
                                        "--out",
                                        out,
                                        ImportFixtures.modalities()))
                        .code());
        assertEquals(
                List.of("", "manifest.json", "test.npz", "train.npz", "validation.npz"),
                ImportFixtures.tree(out));
    }

    @ParameterizedTest(name = "data build --out {0}")
    @ValueSource(strings = {"foreign folder", "existing data set"})
    void buildChecksItsTargetBeforeBuilding(String kase) throws Exception {
        Path out = Files.createTempDirectory(dir, "build");
        if (kase.equals("foreign folder")) {
            Files.writeString(out.resolve("notes.txt"), "mine");
        } else {
            assertEquals(
                    0,
                    CliRun.run(
                                    args(
                                            "data",
                                            "import",
                                            csv,
                                            "--name",
                                            "x",
                                            "--out",
                                            out,
                                            "--force",
                                            ImportFixtures.modalities()))
                            .code());
        }
        List<String> before = ImportFixtures.tree(out);
        long t0 = System.nanoTime();
        String e =
                badInput(
                        CliRun.run(
                                args(
                                        "data",
                                        "build",
                                        "av-digits",
                                        "--out",
                                        out,
                                        "--train",
                                        "10",
                                        "--validation",
                                        "10",
                                        "--test",
                                        "10")));
        assertTrue(e.contains(out.toString()), e);
        assertTrue(
                (System.nanoTime() - t0) / 1e9 < 20,
                "refused before building (needs no espeak-ng or npm)");
        assertEquals(before, ImportFixtures.tree(out));
    }

    @ParameterizedTest(name = "train --save {0}")
    @ValueSource(strings = {"an existing folder", "a missing folder", "an existing file"})
    void saveIsCheckedBeforeTraining(String kase) throws Exception {
        Path root = Files.createTempDirectory(dir, "save");
        Path save =
                switch (kase) {
                    case "an existing folder" -> Files.createDirectories(root.resolve("ckpt"));
                    case "a missing folder" -> root.resolve("no").resolve("m.ckpt");
                    default -> Files.writeString(root.resolve("m.ckpt"), "older checkpoint");
                };
        List<String> before = ImportFixtures.tree(root);
        String e = badInput(CliRun.run(args("train", "--epochs", "200", "--save", save)));
        assertTrue(e.contains("--save"), e);
        assertEquals(before, ImportFixtures.tree(root), "no temporary checkpoint left beside it");
        if (kase.equals("an existing file")) {
            assertEquals("older checkpoint", Files.readString(save));
            CliRun.Result r =
                    CliRun.run(
                            args(
                                    "train",
                                    "--epochs",
                                    "1",
                                    "--hidden",
                                    "16",
                                    "--feature-dim",
                                    "8",
                                    "--save",
                                    save,
                                    "--force"));
            assertEquals(0, r.code(), r.err());
            assertTrue(Files.size(save) > 1000);
            assertEquals(List.of("", "m.ckpt"), ImportFixtures.tree(root));
        }
    }

    @Test
    void ablateCsvIsCheckedBeforeTraining() throws Exception {
        String e = badInput(CliRun.run(args("ablate", "--epochs", "200", "--csv", dir)));
        assertTrue(e.contains("--csv") && e.contains("is a folder"), e);
        e =
                badInput(
                        CliRun.run(
                                args(
                                        "ablate",
                                        "--epochs",
                                        "200",
                                        "--csv",
                                        dir.resolve("no/t.csv"))));
        assertTrue(e.contains("does not exist"), e);
    }
}
