package io.mlaops.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlaCliTest {
    @Test
    void badFlagValuesGiveOneLineAndExitCode2() {
        CliRun.Result r = CliRun.run("train", "--method", "foo");
        assertEquals(2, r.code());
        assertTrue(
                r.err().contains("unknown method 'foo': expected one of mla, joint, unimodal"),
                r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        r = CliRun.run("train", "--epochs", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--epochs'"), r.err());
        r = CliRun.run("train", "--hgm", "sometimes");
        assertEquals(2, r.code());
        assertTrue(
                r.err()
                        .contains(
                                "unknown HGM variant 'sometimes' of method mla: expected one of off, paper, code"),
                r.err());
        r = CliRun.run("train", "--method", "joint", "--hgm", "paper");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--hgm applies to method mla, not joint"), r.err());
        r = CliRun.run("train", "--hgm-alpha", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--hgm-alpha 'x': expected a number"), r.err());
        r = CliRun.run("ablate", "--methods", "mla", "--variants", "joint=x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("variants given for [joint]"), r.err());
        r = CliRun.run("data", "build", "av-digits", "--text-noise", "0.1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--text-noise is not an option of av-digits"), r.err());
        // --force is data build's own flag, not a kind option: the bad value is what is named
        r = CliRun.run("data", "build", "av-digits", "--force", "--train", "0");
        assertEquals(2, r.code());
        assertTrue(
                r.err().contains("train") && !r.err().contains("--force is not an option"),
                r.err());
        r = CliRun.run("train", "--dataset", "no-such-set");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--dataset 'no-such-set'"), r.err());
        r = CliRun.run("ablate", "--seeds", "0");
        assertEquals(2, r.code());
        r = CliRun.run("bench", "gpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected trainer"), r.err());
    }

    private static String help(String... command) {
        picocli.CommandLine cl = MlaCli.commandLine();
        for (String c : command) {
            cl = cl.getSubcommands().get(c);
        }
        java.io.StringWriter out = new java.io.StringWriter();
        cl.usage(new java.io.PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void helpListsTheRegistrysMethodsOptionsAndTheSharedDefaults() {
        String out = help("train");
        for (io.mlaops.model.recipe.Recipe m : io.mlaops.model.recipe.Recipes.all()) {
            assertTrue(
                    out.contains("  " + m.id() + " ") || out.contains("  " + m.id() + ":"),
                    m.id() + " not in help:\n" + out);
            for (io.mlaops.model.options.OptionSpec o : m.options().specs()) {
                assertTrue(out.contains(o.flag()), o.flag());
            }
        }
        // the trainer flags' defaults are the sweeps' (one set of defaults)
        assertTrue(
                out.matches(
                        "(?s).*--lr-step=<lrStep>\\s+Epochs between lr decays \\(StepLR\\)\\. Default: 70.*"),
                out);
        assertTrue(
                out.contains("Default: " + io.mlaops.model.train.TrainerConfig.defaults().epochs()),
                out);
        out = help("data", "build");
        assertTrue(
                out.contains("--image-pca-energy")
                        && out.contains("--audio-noise")
                        && out.contains("--text-noise"),
                out);
    }

    @Test
    void ablateSharesTheSweepsTableAndPairedTests(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("table.csv");
        CliRun.Result r =
                CliRun.run(
                        "ablate",
                        "--seeds",
                        "2",
                        "--epochs",
                        "1",
                        "--hidden",
                        "8",
                        "--feature-dim",
                        "8",
                        "--methods",
                        "mla,joint",
                        "--csv",
                        csv.toString());
        assertEquals(0, r.code(), r.err());
        for (String row :
                new String[] {"MLA, HGM off, DF off", "MLA, HGM paper, DF on", "joint + DF"}) {
            assertTrue(r.out().contains(row), r.out());
        }
        assertTrue(
                r.out().contains("HGM paper vs off (MLA, DF on)")
                        && r.out().contains("MLA, HGM paper, DF on vs joint"),
                r.out());
        assertTrue(
                Files.readString(csv)
                        .startsWith("dataset,row,method,variant,modality,df,headline,seeds"));
    }

    @Test
    void ablateAddsTheEnsembleToUnimodalRowsAndSaysWhichEpochItShows() throws Exception {
        CliRun.Result r =
                CliRun.run(
                        "ablate",
                        "--seeds",
                        "2",
                        "--epochs",
                        "3",
                        "--hidden",
                        "8",
                        "--feature-dim",
                        "8",
                        "--methods",
                        "joint,unimodal");
        assertEquals(0, r.code(), r.err());
        for (String text :
                new String[] {
                    "Shows test numbers at the epoch selected on validation",
                    "last epoch %",
                    "sel. epoch",
                    "ensemble (mean)",
                    "ensemble (product)",
                    "ensemble (val-weighted)",
                    "ensemble_weight_a",
                    "joint vs ensemble (val-weighted)",
                    "ensemble (val-weighted) vs mean",
                    "ensemble (product) vs mean"
                }) {
            assertTrue(r.out().contains(text), text + " in " + r.out());
        }
        CliRun.Result alone = CliRun.run("ablate", "--methods", "joint,ensemble");
        assertEquals(2, alone.code(), alone.err());
        assertTrue(alone.err().contains("--methods names ensemble without unimodal"), alone.err());
        CliRun.Result train = CliRun.run("train", "--method", "ensemble");
        assertEquals(2, train.code(), train.err());
        assertTrue(train.err().contains("trains nothing of its own"), train.err());
    }

    @Test
    void trainPrintsTheTableAndSavesARestorableCheckpoint(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("model.ckpt");
        CliRun.Result r =
                CliRun.run(
                        "train",
                        "--method",
                        "mla",
                        "--hgm",
                        "code",
                        "--epochs",
                        "2",
                        "--hidden",
                        "32",
                        "--feature-dim",
                        "16",
                        "--save",
                        ckpt.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fused accuracy, dynamic fusion"), r.out());
        assertTrue(r.out().contains("accuracy of b alone"), r.out());
        assertTrue(r.out().contains("modality gap"), r.out());
        // which epoch the numbers are of, the last epoch's beside them, the diagnostics per epoch
        assertTrue(r.out().contains("test numbers of the selected model: epoch "), r.out());
        assertTrue(r.out().contains("last epoch"), r.out());
        assertTrue(r.out().contains("val score") && r.out().contains("hgm_removed_b"), r.out());
        assertTrue(Files.size(ckpt) > 1000);
        try (var in = Files.newInputStream(ckpt);
                var s =
                        io.mlaops.model.train.TrainingSession.restore(
                                in,
                                io.mlaops.model.data.synthetic.SyntheticDatasetGenerator.generate(
                                        io.mlaops.model.data.synthetic.SyntheticConfig.imbalanced(
                                                0)))) {
            assertEquals(2, s.epoch());
            assertTrue(s.isComplete());
        }
    }
}
