package io.mlaops.model.train;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link TrainingSessionCheckpointTest}: restores a checkpoint, finishes
 * training and writes the final state to a second file. A third argument names the data set of
 * {@link TestData#named} ({@code small} by default).
 */
public final class CheckpointResumeMain {
    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        try (InputStream is = Files.newInputStream(in);
                TrainingSession s =
                        TrainingSession.restore(
                                is, TestData.named(args.length > 2 ? args[2] : "small"))) {
            s.run(TrainingListener.NONE);
            try (OutputStream os = Files.newOutputStream(out)) {
                s.writeCheckpoint(os);
            }
        }
    }
}
