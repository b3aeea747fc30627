package io.mlaops.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.MultimodalDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSessionCheckpointTest {
    private static io.mlaops.model.recipe.CellSpec fourEpochs() {
        return TestData.cell("mla", "code", TestData.trainer().epochs(4).build());
    }

    private static byte[] checkpoint(TrainingSession s) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.writeCheckpoint(b);
        return b.toByteArray();
    }

    @Test
    void twoEpochsCheckpointRestoreInFreshJvmTwoMoreEqualsFourStraight(@TempDir Path dir)
            throws Exception {
        MultimodalDataset ds = TestData.small(0.2);
        byte[] straight;
        try (TrainingSession s = TrainingSession.create(fourEpochs(), ds)) {
            assertEquals(TrainingOutcome.COMPLETED, s.run(TrainingListener.NONE));
            straight = checkpoint(s);
        }
        Path half = dir.resolve("half.ckpt");
        try (TrainingSession s = TrainingSession.create(fourEpochs(), ds)) {
            assertEquals(TrainingOutcome.STOPPED, s.run(new MlaTrainerTest.StopAfter(s, 2)));
            assertEquals(2, s.epoch());
            Files.write(half, checkpoint(s));
        }
        Path resumed = dir.resolve("resumed.ckpt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p =
                new ProcessBuilder(
                                java,
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                CheckpointResumeMain.class.getName(),
                                half.toString(),
                                resumed.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("child.log").toFile())
                        .start();
        int rc = p.waitFor();
        assertEquals(0, rc, () -> "child JVM failed: " + read(dir.resolve("child.log").toFile()));
        // same parameters, optimizer state, HGM matrix, history and position: byte for byte
        assertArrayEquals(straight, Files.readAllBytes(resumed));
    }

    @Test
    void resumeFromTheMiddleOfAnEpochIsExactToo() throws Exception {
        MultimodalDataset ds = TestData.small(0.2);
        byte[] straight;
        try (TrainingSession s = TrainingSession.create(fourEpochs(), ds)) {
            s.run(TrainingListener.NONE);
            straight = checkpoint(s);
        }
        byte[] mid;
        try (TrainingSession s = TrainingSession.create(fourEpochs(), ds)) {
            s.run(
                    new TrainingListener() {
                        @Override
                        public boolean stopRequested() {
                            return s.epoch() == 1 && s.batch() == 3;
                        }
                    });
            mid = checkpoint(s);
        }
        try (TrainingSession s = TrainingSession.restore(new ByteArrayInputStream(mid), ds)) {
            assertEquals(1, s.epoch());
            assertEquals(3, s.batch());
            s.run(TrainingListener.NONE);
            assertArrayEquals(straight, checkpoint(s));
        }
    }

    @Test
    void sameSeedSameNumbersDifferentSeedDifferentNumbers() throws Exception {
        MultimodalDataset ds = TestData.small(0.2);
        List<byte[]> runs = new ArrayList<>();
        for (long seed : new long[] {5, 5, 6}) {
            try (TrainingSession s =
                    TrainingSession.create(TestData.cell("mla", "paper").withSeed(seed), ds)) {
                s.run(TrainingListener.NONE);
                runs.add(checkpoint(s));
            }
        }
        assertArrayEquals(runs.get(0), runs.get(1));
        assertTrue(!java.util.Arrays.equals(runs.get(0), runs.get(2)));
    }

    @Test
    void checkpointOfAnotherDataSetIsRejected() throws Exception {
        byte[] ck;
        try (TrainingSession s =
                TrainingSession.create(
                        TestData.cell("mla", "paper", TestData.trainer().epochs(1).build()),
                        TestData.small(0.2))) {
            s.run(TrainingListener.NONE);
            ck = checkpoint(s);
        }
        CheckpointException e =
                assertThrows(
                        CheckpointException.class,
                        () ->
                                TrainingSession.restore(
                                        new ByteArrayInputStream(ck), TestData.small(0.0)));
        assertTrue(e.getMessage().contains("data set content"), e.getMessage());
        assertThrows(
                CheckpointException.class,
                () ->
                        TrainingSession.restore(
                                new ByteArrayInputStream(new byte[] {0, 3, 'a', 'b', 'c'}),
                                TestData.small(0.2)));
    }

    private static String read(File f) {
        try {
            return Files.readString(f.toPath());
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
