package io.mlaops.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.recipe.CellSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineTrainersTest {
    @Test
    void unimodalMovesOnlyItsEncoderAndReportsOnlyItsModality() {
        MultimodalDataset ds = TestData.small(0);
        CellSpec cfg =
                new CellSpec(
                        "small",
                        "unimodal",
                        "",
                        "b",
                        3,
                        TestData.trainer().epochs(3).build(),
                        Map.of());
        try (TrainingSession s = TrainingSession.create(cfg, ds)) {
            float[] a0 = s.network().encoder("a").parameters().get(0).array().toFloatArray();
            s.run(TrainingListener.NONE);
            assertArrayEquals(
                    a0, s.network().encoder("a").parameters().get(0).array().toFloatArray(), 0f);
            EvaluationReport r = s.evaluate(EvaluationConfig.defaults());
            assertEquals(List.of("b"), List.copyOf(r.modalityAccuracy().keySet()));
            assertEquals(r.modalityAccuracy().get("b"), r.fixedAccuracy(), 1e-12);
            assertTrue(r.fixedAccuracy() > 0.4, "unimodal b learnt nothing: " + r.fixedAccuracy());
        }
    }

    @Test
    void jointTrainsAllEncodersTogetherAndLearns() {
        MultimodalDataset ds = TestData.small(0.2);
        try (TrainingSession s =
                TrainingSession.create(
                        TestData.cell("joint", "", TestData.trainer().epochs(5).build()), ds)) {
            List<float[]> before =
                    s.network().parameters().stream().map(p -> p.array().toFloatArray()).toList();
            s.run(TrainingListener.NONE);
            List<NamedParameter> after = s.network().parameters();
            for (int i = 0; i < after.size(); i++) {
                assertFalse(
                        java.util.Arrays.equals(before.get(i), after.get(i).array().toFloatArray()),
                        after.get(i).name() + " did not move");
            }
            EvaluationReport r = s.evaluate(EvaluationConfig.defaults());
            assertTrue(r.fixedAccuracy() > 0.6, "joint accuracy " + r.fixedAccuracy());
            assertEquals(5, s.history().size());
            assertTrue(
                    s.history().get(4).modalities().get("a").trainLoss()
                            < s.history().get(0).modalities().get("a").trainLoss());
        }
    }

    @Test
    void configErrorsNameTheProblem() {
        MultimodalDataset ds = TestData.small(0);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TestData.cell("joint", "paper"));
        assertTrue(e.getMessage().contains("method joint has no variants"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TestData.cell("mla", "sometimes"));
        assertTrue(
                e.getMessage()
                        .contains(
                                "unknown HGM variant 'sometimes' of method mla: expected one of off, paper, code"),
                e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class, () -> TestData.trainer().epochs(0).build());
        assertTrue(e.getMessage().contains("epochs 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TestData.cell("unimodal", ""));
        assertTrue(e.getMessage().contains("trains one modality"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TestData.cell("late", ""));
        assertTrue(
                e.getMessage()
                        .contains("unknown method 'late': expected one of mla, joint, unimodal"),
                e.getMessage());
        DatasetValidationException d =
                assertThrows(
                        DatasetValidationException.class,
                        () ->
                                TrainingSession.create(
                                        new CellSpec(
                                                "small",
                                                "unimodal",
                                                "",
                                                "video",
                                                3,
                                                TestData.trainer().build(),
                                                Map.of()),
                                        ds));
        assertTrue(d.getMessage().contains("unknown modality 'video'"), d.getMessage());
        d =
                assertThrows(
                        DatasetValidationException.class,
                        () ->
                                TrainingSession.create(
                                        TestData.cell(
                                                "mla",
                                                "paper",
                                                TestData.trainer()
                                                        .modalityOrder(List.of("b"))
                                                        .build()),
                                        ds));
        assertTrue(d.getMessage().contains("leaves out [a]"), d.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainerConfig.fromParams(Map.of("epochs", "one")));
        assertEquals(
                "trainer.epochs 'one': expected an integer, a value in 1..1000000", e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                TestData.cell(
                                        "mla",
                                        "paper",
                                        TestData.trainer().build(),
                                        Map.of("hgm_alpha", "0")));
        assertTrue(e.getMessage().contains("hgm_alpha 0.0: expected > 0"), e.getMessage());
    }

    @Test
    void paramsRoundTrip() {
        CellSpec cfg =
                TestData.cell(
                        "mla",
                        "code",
                        TestData.trainer().modalityOrder(List.of("b", "a")).build(),
                        Map.of("hgm_alpha", "0.5"));
        assertEquals(cfg, CellSpec.fromParams(cfg.params()));
        assertEquals("small.mla.code.s3", cfg.key());
        CellSpec uni =
                new CellSpec("small", "unimodal", "", "b", 7, TestData.trainer().build(), Map.of());
        assertEquals(uni, CellSpec.fromParams(uni.params()));
        assertEquals("small.unimodal.b.s7", uni.key());
        // the trainer's options of another recipe are not part of a cell
        assertEquals(
                TestData.cell("joint", ""),
                CellSpec.of(
                        "small",
                        "joint",
                        "",
                        "",
                        3,
                        TestData.trainer().build(),
                        Map.of("hgm_alpha", "2")));
    }
}
