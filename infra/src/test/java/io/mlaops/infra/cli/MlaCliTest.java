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
        assertTrue(r.err().contains("unknown method 'foo': expected mla, joint or unimodal"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        r = CliRun.run("train", "--epochs", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--epochs'"), r.err());
        r = CliRun.run("train", "--hgm", "sometimes");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected off, paper or code"), r.err());
        r = CliRun.run("train", "--method", "joint", "--hgm", "paper");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("applies to method mla only"), r.err());
        r = CliRun.run("train", "--dataset", "no-such-set");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--dataset 'no-such-set'"), r.err());
        r = CliRun.run("ablate", "--seeds", "0");
        assertEquals(2, r.code());
        r = CliRun.run("bench", "gpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected trainer"), r.err());
    }

    @Test
    void trainPrintsTheTableAndSavesARestorableCheckpoint(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("model.ckpt");
        CliRun.Result r = CliRun.run("train", "--method", "mla", "--hgm", "code", "--epochs", "2", "--hidden", "32",
                "--feature-dim", "16", "--save", ckpt.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fused accuracy, dynamic fusion"), r.out());
        assertTrue(r.out().contains("accuracy of b alone"), r.out());
        assertTrue(r.out().contains("modality gap"), r.out());
        assertTrue(Files.size(ckpt) > 1000);
        try (var in = Files.newInputStream(ckpt);
                var s = io.mlaops.model.train.TrainingSession.restore(in,
                        io.mlaops.model.data.synthetic.SyntheticDatasetGenerator.generate(
                                io.mlaops.model.data.synthetic.SyntheticConfig.imbalanced(0)))) {
            assertEquals(2, s.epoch());
            assertTrue(s.isComplete());
        }
    }
}
