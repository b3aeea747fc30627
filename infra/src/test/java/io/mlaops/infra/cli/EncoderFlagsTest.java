package io.mlaops.infra.cli;

import static io.mlaops.infra.cli.ImportFixtures.badInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.data.files.DatasetFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder flags come from the encoder registry; bad choices are one line before training. */
class EncoderFlagsTest {
    private static final Duration QUICK = Duration.ofSeconds(30);

    @Test
    void badEncoderChoicesAreOneLineBeforeTraining() {
        String vector =
                assertTimeoutPreemptively(
                        QUICK,
                        () ->
                                badInput(
                                        CliRun.run(
                                                "train", "--epochs", "200", "--encoder", "lenet")));
        assertTrue(vector.contains("modality 'a' is a vector [1024]"), vector);
        String unused = badInput(CliRun.run("train", "--epochs", "200", "--resnet-width", "8"));
        assertTrue(unused.contains("resnet_width is an option of encoder resnet"), unused);
        String unknown = badInput(CliRun.run("train", "--encoder", "vgg"));
        assertTrue(
                unknown.contains("unknown encoder 'vgg': expected one of mlp, lenet, resnet"),
                unknown);
    }

    /** Two image modalities of 8 x 8, a bright quadrant per class. */
    private static MultimodalDataset images() {
        SplittableRandom rnd = new SplittableRandom(1);
        MultimodalDataset.Builder b =
                MultimodalDataset.builder("imgs")
                        .modality("x", List.of(1, 8, 8), "image")
                        .modality("y", List.of(8, 8), "audio")
                        .classNames(List.of("0", "1", "2", "3"));
        for (String s : MultimodalDataset.SPLITS) {
            int n = 64;
            int[] labels = new int[n];
            float[] x = new float[n * 64];
            float[] y = new float[n * 64];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 4;
                for (int p = 0; p < 64; p++) {
                    int quadrant = (p / 8 < 4 ? 0 : 2) + (p % 8 < 4 ? 0 : 1);
                    x[i * 64 + p] = (quadrant == labels[i] ? 1f : 0f) + (float) rnd.nextGaussian();
                    y[i * 64 + p] = (float) rnd.nextGaussian();
                }
            }
            b.split(
                    s,
                    MultimodalSplit.builder(s)
                            .labels(labels)
                            .modality("x", 64, x)
                            .modality("y", 64, y)
                            .build());
        }
        return b.build();
    }

    @Test
    void trainsAResNetOnAnImageFolder(@TempDir Path dir) throws Exception {
        Path set = dir.resolve("imgs");
        DatasetFiles.write(images(), set, Map.of());
        CliRun.Result r =
                CliRun.run(
                        "train",
                        "--dataset",
                        set.toString(),
                        "--epochs",
                        "2",
                        "--encoder",
                        "resnet,y=lenet",
                        "--resnet-blocks",
                        "1,1",
                        "--resnet-width",
                        "4",
                        "--resnet-stem",
                        "small",
                        "--lenet-channels",
                        "4",
                        "--hidden=");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("fused accuracy"), r.out());
    }
}
