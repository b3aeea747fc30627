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
import io.mlaops.model.hgm.HgmVariant;
import io.mlaops.model.nn.NamedParameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineTrainersTest {
    @Test
    void unimodalMovesOnlyItsEncoderAndReportsOnlyItsModality() {
        MultimodalDataset ds = TestData.small(0);
        TrainerConfig cfg = TestData.config().method(TrainingMethod.UNIMODAL).unimodalModality("b").epochs(3).build();
        try (TrainingSession s = TrainingSession.create(cfg, ds)) {
            float[] a0 = s.network().encoder("a").layers().get(0).weight().array().toFloatArray();
            s.run(TrainingListener.NONE);
            assertArrayEquals(a0, s.network().encoder("a").layers().get(0).weight().array().toFloatArray(), 0f);
            EvaluationReport r = s.evaluate(EvaluationConfig.defaults());
            assertEquals(List.of("b"), List.copyOf(r.modalityAccuracy().keySet()));
            assertEquals(r.modalityAccuracy().get("b"), r.fixedAccuracy(), 1e-12);
            assertTrue(r.fixedAccuracy() > 0.4, "unimodal b learnt nothing: " + r.fixedAccuracy());
        }
    }

    @Test
    void jointTrainsAllEncodersTogetherAndLearns() {
        MultimodalDataset ds = TestData.small(0.2);
        try (TrainingSession s = TrainingSession.create(TestData.config().method(TrainingMethod.JOINT).epochs(5).build(), ds)) {
            List<float[]> before = s.network().parameters().stream().map(p -> p.array().toFloatArray()).toList();
            s.run(TrainingListener.NONE);
            List<NamedParameter> after = s.network().parameters();
            for (int i = 0; i < after.size(); i++) {
                assertFalse(java.util.Arrays.equals(before.get(i), after.get(i).array().toFloatArray()),
                        after.get(i).name() + " did not move");
            }
            EvaluationReport r = s.evaluate(EvaluationConfig.defaults());
            assertTrue(r.fixedAccuracy() > 0.6, "joint accuracy " + r.fixedAccuracy());
            assertEquals(5, s.history().size());
            assertTrue(s.history().get(4).modalities().get("a").trainLoss() < s.history().get(0).modalities().get("a").trainLoss());
        }
    }

    @Test
    void configErrorsNameTheProblem() {
        MultimodalDataset ds = TestData.small(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestData.config().method(TrainingMethod.JOINT).hgm(HgmVariant.PAPER).build());
        assertTrue(e.getMessage().contains("applies to method mla only"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TestData.config().epochs(0).build());
        assertTrue(e.getMessage().contains("epochs 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TestData.config().method(TrainingMethod.UNIMODAL).build());
        assertTrue(e.getMessage().contains("needs a modality"), e.getMessage());
        DatasetValidationException d = assertThrows(DatasetValidationException.class, () -> TrainingSession.create(
                TestData.config().method(TrainingMethod.UNIMODAL).unimodalModality("video").build(), ds));
        assertTrue(d.getMessage().contains("unknown modality 'video'"), d.getMessage());
        d = assertThrows(DatasetValidationException.class,
                () -> TrainingSession.create(TestData.config().modalityOrder(List.of("b")).build(), ds));
        assertTrue(d.getMessage().contains("leaves out [a]"), d.getMessage());
    }

    @Test
    void paramsRoundTrip() {
        TrainerConfig cfg = TestData.config().modalityOrder(List.of("b", "a")).hgm(HgmVariant.CODE).build();
        assertEquals(cfg, TrainerConfig.fromParams(cfg.toParams()));
    }
}
