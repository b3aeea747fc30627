package io.mlaops.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.CheckpointException;
import io.mlaops.model.train.ResumeCheck;
import io.mlaops.model.train.TestData;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.model.train.TrainingListener;
import io.mlaops.model.train.TrainingSession;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Convolutional encoders: every recipe trains with them, and their state resumes bitwise. */
class ConvEncodersTest {
    /** A ResNet of two stages of one block each, width 4, the small stem, on the tiny images. */
    static TrainerConfig resnet(int epochs) {
        return TestData.trainer()
                .epochs(epochs)
                .encoders(
                        "resnet",
                        Map.of("resnet_blocks", "1,1", "resnet_width", "4", "resnet_stem", "small"))
                .build();
    }

    static TrainerConfig lenet() {
        return TestData.trainer()
                .encoders("lenet", Map.of("lenet_channels", "4,6", "lenet_kernel", "3"))
                .build();
    }

    private static CellSpec cell(String recipe, String variant, String modality, TrainerConfig t) {
        return new CellSpec("shaped", recipe, variant, modality, 3, t, Map.of());
    }

    @Test
    void everyRecipeTrainsWithEveryEncoder() {
        MultimodalDataset ds = TestData.shaped(0.2);
        // enough steps for batch norm's running statistics (momentum 0.1) to settle
        for (TrainerConfig t :
                List.of(
                        TestData.trainer().epochs(6).build(),
                        lenet().toBuilder().epochs(6).build(),
                        resnet(6))) {
            for (CellSpec c :
                    List.of(
                            cell("mla", "off", "", t),
                            cell("mla", "paper", "", t),
                            cell("joint", "", "", t),
                            cell("unimodal", "", "a", t),
                            cell("ogm", "ge", "", t),
                            cell("mmpareto", "", "", t))) {
                try (TrainingSession s = TrainingSession.create(c, ds)) {
                    s.run(TrainingListener.NONE);
                    EvaluationReport r = s.evaluate(EvaluationConfig.defaults());
                    assertTrue(
                            r.fixedAccuracy() > 0.4, // chance: 0.25
                            () -> c.key() + " " + t.encoders() + ": " + r.fixedAccuracy());
                }
            }
        }
    }

    @Test
    void resnetResumesBitwiseMidEpochWithBatchNormState() throws Exception {
        MultimodalDataset ds = TestData.shaped(0.2);
        for (String recipe : List.of("mla", "joint", "mmpareto")) {
            ResumeCheck.midEpochResumeIsBitwise(
                    cell(recipe, recipe.equals("mla") ? "paper" : "", "", resnet(3)), ds);
        }
    }

    @Test
    void resnetResumesBitwiseInAFreshJvm(@TempDir Path dir) throws Exception {
        ResumeCheck.freshJvmResumeIsBitwise(cell("mla", "paper", "", resnet(4)), 2, dir, "shaped");
    }

    @Test
    void batchNormRunningStatisticsAreStateAndMove() throws Exception {
        MultimodalDataset ds = TestData.shaped(0.2);
        try (TrainingSession s = TrainingSession.create(cell("joint", "", "", resnet(1)), ds)) {
            Map<String, ai.djl.ndarray.NDArray> before = s.network().buffers();
            assertTrue(before.containsKey("encoder.a.stem.bn.running_mean"), before.toString());
            assertTrue(before.containsKey("encoder.b.layer2.0.downsample.bn.running_var"));
            assertArrayEquals(new float[] {2, 4, 4}, before.get("input.a.shape").toFloatArray());
            s.run(TrainingListener.NONE);
            float[] mean =
                    s.network().buffers().get("encoder.a.stem.bn.running_mean").toFloatArray();
            assertNotEquals(0f, mean[0], "a training pass folds the batch into the running mean");
            // the running statistics are not trained parameters
            assertFalse(
                    s.parameters().stream().anyMatch(p -> p.name().contains("running")),
                    "buffers are not parameters");
        }
    }

    @Test
    void sameSeedDataConfigAndThreadsGiveTheSameBits() throws Exception {
        MultimodalDataset ds = TestData.shaped(0.2);
        for (int threads : new int[] {1, 2}) {
            TrainerConfig t =
                    TestData.trainer()
                            .threads(threads)
                            .encoders(
                                    "resnet,b=lenet",
                                    Map.of(
                                            "resnet_width",
                                            "4",
                                            "resnet_blocks",
                                            "1,1",
                                            "resnet_stem",
                                            "small",
                                            "lenet_kernel",
                                            "3"))
                            .build();
            CellSpec c = cell("mla", "paper", "", t);
            assertArrayEquals(
                    ResumeCheck.straight(c, ds),
                    ResumeCheck.straight(c, ds),
                    "two runs at " + threads + " threads differ");
        }
    }

    @Test
    void aConvolutionalEncoderOnAVectorIsOneClearError() {
        MultimodalDataset ds = TestData.small(0.2);
        DatasetValidationException e =
                assertThrows(
                        DatasetValidationException.class,
                        () -> TrainingSession.create(TestData.cell("mla", "off", lenet()), ds));
        assertTrue(e.getMessage().contains("modality 'a' is a vector [12]"), e.getMessage());
        assertTrue(e.getMessage().contains("--encoder lenet,a=mlp"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainerConfig.fromParams(Map.of("resnet_width", "8")),
                "an option of an encoder no modality uses");
        IllegalArgumentException unknown =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainerConfig.fromParams(Map.of("encoder", "vgg")));
        assertTrue(unknown.getMessage().contains("mlp, lenet, resnet"), unknown.getMessage());
    }

    @Test
    void encoderSettingsAreCanonicalAndRoundTripThroughParams() {
        TrainerConfig t =
                TrainerConfig.fromParams(
                        Map.of("encoder", " audio=resnet, image=lenet ,", "resnet_width", "16"));
        assertEquals("audio=resnet,image=lenet", t.encoders().text());
        assertEquals("lenet", t.encoders().id("image"));
        assertEquals("mlp", t.encoders().id("text"));
        Map<String, String> p = t.toParams();
        assertEquals("16", p.get("resnet_width"));
        assertEquals("6,16", p.get("lenet_channels"));
        assertEquals(t, TrainerConfig.fromParams(p));
        assertEquals("mlp", TrainerConfig.defaults().toParams().get("encoder"));
        assertFalse(TrainerConfig.defaults().toParams().containsKey("resnet_width"));
        assertEquals(
                "resnet",
                TrainerConfig.fromParams(Map.of("encoder", "resnet,a=resnet")).encoders().text());
    }

    @Test
    void aCheckpointOfAnotherImageSizeIsRefused() throws Exception {
        MultimodalDataset ds = TestData.shaped(0.2);
        byte[] ckpt = ResumeCheck.straight(cell("mla", "off", "", resnet(1)), ds);
        MultimodalDataset.Builder b =
                MultimodalDataset.builder("shaped")
                        .modality("a", List.of(2, 2, 8), "image")
                        .modality("b", List.of(4, 4), "audio")
                        .classNames(ds.classNames());
        for (String s : MultimodalDataset.SPLITS) {
            b.split(s, ds.split(s));
        }
        CheckpointException e =
                assertThrows(
                        CheckpointException.class,
                        () ->
                                TrainingSession.restoreForEvaluation(
                                        new ByteArrayInputStream(ckpt), b.build()));
        assertTrue(e.getMessage().contains("of shape [2, 4, 4]"), e.getMessage());
    }
}
