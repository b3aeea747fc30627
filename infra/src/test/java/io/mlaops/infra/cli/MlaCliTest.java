package io.mlaops.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MlaCliTest {
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        CommandLine cl = MlaCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void badFlagValuesGiveOneLineAndExitCode2() {
        Result r = run("train", "--method", "foo");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown method 'foo': expected mla, joint or unimodal"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        r = run("train", "--epochs", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--epochs'"), r.err());
        r = run("train", "--hgm", "sometimes");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected off, paper or code"), r.err());
        r = run("train", "--method", "joint", "--hgm", "paper");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("applies to method mla only"), r.err());
        r = run("train", "--dataset", "no-such-set");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--dataset 'no-such-set'"), r.err());
        r = run("ablate", "--seeds", "0");
        assertEquals(2, r.code());
        r = run("bench", "gpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected trainer"), r.err());
    }

    @Test
    void trainPrintsTheTableAndSavesARestorableCheckpoint(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("model.ckpt");
        Result r = run("train", "--method", "mla", "--hgm", "code", "--epochs", "2", "--hidden", "32",
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
