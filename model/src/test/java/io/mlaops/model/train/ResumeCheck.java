package io.mlaops.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.recipe.CellSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The determinism and resume guarantees every recipe must meet, as reusable checks: a run stopped
 * (between epochs or mid-epoch), checkpointed and restored (in this JVM or a fresh one) ends with
 * the same bytes as one that never stopped: parameters (the trainer's own too), optimizer state,
 * the trainer's state arrays, history (validation scores and diagnostics) and position, and the
 * epoch selected on validation with its state.
 */
public final class ResumeCheck {
    private ResumeCheck() {}

    /**
     * @return the checkpoint bytes of a session
     */
    public static byte[] checkpoint(TrainingSession s) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.writeCheckpoint(b);
        return b.toByteArray();
    }

    /**
     * @return the final checkpoint of an uninterrupted run
     */
    public static byte[] straight(CellSpec cell, MultimodalDataset ds) throws Exception {
        try (TrainingSession s = TrainingSession.create(cell, ds)) {
            s.run(TrainingListener.NONE);
            return checkpoint(s);
        }
    }

    /**
     * Stops in the middle of epoch 1, restores in this JVM, trains on: bytes equal the straight
     * run.
     */
    public static void midEpochResumeIsBitwise(CellSpec cell, MultimodalDataset ds)
            throws Exception {
        byte[] straight = straight(cell, ds);
        ModelSelection straightSelection;
        try (TrainingSession s = TrainingSession.restore(new ByteArrayInputStream(straight), ds)) {
            straightSelection = s.selection();
        }
        byte[] mid;
        try (TrainingSession s = TrainingSession.create(cell, ds)) {
            s.run(
                    new TrainingListener() {
                        @Override
                        public boolean stopRequested() {
                            return s.epoch() == 1 && s.batch() == 2;
                        }
                    });
            assertEquals(1, s.epoch());
            mid = checkpoint(s);
        }
        try (TrainingSession s = TrainingSession.restore(new ByteArrayInputStream(mid), ds)) {
            assertEquals(2, s.batch());
            s.run(TrainingListener.NONE);
            // the bytes include the selected epoch's state and every epoch's score and diagnostics
            assertArrayEquals(straight, checkpoint(s), "resumed run differs from the straight one");
            assertEquals(straightSelection, s.selection());
        }
    }

    /**
     * Stops after {@code epochs} epochs, restores in a fresh JVM ({@link CheckpointResumeMain},
     * data {@code TestData.small(0.2)}), trains on there: bytes equal the straight run.
     */
    public static void freshJvmResumeIsBitwise(CellSpec cell, int epochs, Path dir)
            throws Exception {
        freshJvmResumeIsBitwise(cell, epochs, dir, "small");
    }

    /**
     * As {@link #freshJvmResumeIsBitwise(CellSpec, int, Path)} on the data set {@code data} of
     * {@link TestData#named} ({@code small} or {@code shaped}).
     */
    public static void freshJvmResumeIsBitwise(CellSpec cell, int epochs, Path dir, String data)
            throws Exception {
        MultimodalDataset ds = TestData.named(data);
        byte[] straight = straight(cell, ds);
        Path half = dir.resolve("half.ckpt");
        try (TrainingSession s = TrainingSession.create(cell, ds)) {
            assertEquals(TrainingOutcome.STOPPED, s.run(new MlaTrainerTest.StopAfter(s, epochs)));
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
                                resumed.toString(),
                                data)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("child.log").toFile())
                        .start();
        int rc = p.waitFor();
        assertEquals(0, rc, () -> "child JVM failed: " + read(dir.resolve("child.log")));
        assertArrayEquals(
                straight,
                Files.readAllBytes(resumed),
                "fresh-JVM resume differs from the straight run");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
