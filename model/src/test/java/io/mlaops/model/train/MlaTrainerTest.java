package io.mlaops.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.hgm.HgmHook;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.optim.ParameterOptimizer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class MlaTrainerTest {
    private static Map<String, float[]> snapshot(TrainingSession s, String group) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (NamedParameter p : s.network().parameters(group)) {
            m.put(p.name(), p.array().toFloatArray());
        }
        return m;
    }

    private static Map<String, float[]> optimizerState(TrainingSession s, String group) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (NamedParameter p : s.network().parameters(group)) {
            ParameterOptimizer.ParameterState st = s.optimizer().states().get(p.name());
            if (st != null) {
                m.put(p.name() + ".first", st.first().toFloatArray());
                m.put(p.name() + ".second", st.second().toFloatArray());
                m.put(p.name() + ".step", new float[] {st.step()});
            }
        }
        return m;
    }

    private static boolean sameBits(Map<String, float[]> x, Map<String, float[]> y) {
        if (!x.keySet().equals(y.keySet())) {
            return false;
        }
        for (String k : x.keySet()) {
            if (!Arrays.equals(x.get(k), y.get(k))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void idleEncoderStaysBitwiseUnchangedDuringTheOtherModalitysStep() {
        MultimodalDataset ds = TestData.small(0);
        try (TrainingSession s = TrainingSession.create(TestData.cell("mla", "paper"), ds)) {
            // one full epoch first, so that b has non-zero Adam moments that could drift
            s.run(new StopAfter(s, 1));
            Map<String, float[]> bBefore = snapshot(s, "encoder.b");
            Map<String, float[]> bState = optimizerState(s, "encoder.b");
            Map<String, float[]> aBefore = snapshot(s, "encoder.a");
            Map<String, float[]> headBefore = snapshot(s, "head");
            assertFalse(bState.isEmpty());
            int[] rows = {0, 1, 2, 3, 4, 5, 6, 7};
            s.context().begin(1, 0, 5, 1e-2);
            ((AlternatingTrainer) s.trainer()).modalityStep(s.context(), "a", 0, rows);
            assertTrue(
                    sameBits(bBefore, snapshot(s, "encoder.b")), "encoder b moved during a's step");
            assertTrue(
                    sameBits(bState, optimizerState(s, "encoder.b")), "b's optimizer state moved");
            assertFalse(sameBits(aBefore, snapshot(s, "encoder.a")), "encoder a did not move");
            assertFalse(sameBits(headBefore, snapshot(s, "head")), "head did not move");
        }
    }

    @Test
    void publicCodeDriftSwitchDoesMoveTheIdleEncoder() {
        MultimodalDataset ds = TestData.small(0);
        try (TrainingSession s =
                TrainingSession.create(
                        TestData.cell(
                                "mla",
                                "paper",
                                TestData.trainer().build(),
                                Map.of("idle_encoder_drift", "true")),
                        ds)) {
            s.run(new StopAfter(s, 1));
            Map<String, float[]> bBefore = snapshot(s, "encoder.b");
            s.context().begin(1, 0, 5, 1e-2);
            ((AlternatingTrainer) s.trainer())
                    .modalityStep(s.context(), "a", 0, new int[] {0, 1, 2, 3});
            assertFalse(sameBits(bBefore, snapshot(s, "encoder.b")));
        }
    }

    @Test
    void zeroProjectionFreezesTheHeadWeightButNotBiasOrEncoders() {
        MultimodalDataset ds = TestData.small(0);
        TrainerConfig cfg =
                TestData.trainer()
                        .optimizer(io.mlaops.model.optim.OptimizerSettings.adam(1e-2, 0.0))
                        .build();
        try (TrainingSession s = TrainingSession.create(TestData.cell("mla", "paper", cfg), ds)) {
            int d = cfg.featureDim();
            ((HgmHook) ((AlternatingTrainer) s.trainer()).hook())
                    .modifier()
                    .setProjection(new float[d * d], s.manager());
            float[] w = s.network().head().weight().array().toFloatArray();
            float[] b = s.network().head().bias().array().toFloatArray();
            Map<String, float[]> enc = snapshot(s, "encoder.a");
            s.run(TrainingListener.NONE);
            assertArrayEquals(w, s.network().head().weight().array().toFloatArray(), 0f);
            assertFalse(Arrays.equals(b, s.network().head().bias().array().toFloatArray()));
            assertFalse(sameBits(enc, snapshot(s, "encoder.a")));
        }
    }

    @Test
    void hgmChangesTheTrajectory() {
        MultimodalDataset ds = TestData.small(0);
        float[] off;
        float[] on;
        try (TrainingSession s = TrainingSession.create(TestData.cell("mla", "off"), ds)) {
            s.run(TrainingListener.NONE);
            off = s.network().head().weight().array().toFloatArray();
        }
        try (TrainingSession s = TrainingSession.create(TestData.cell("mla", "paper"), ds)) {
            s.run(TrainingListener.NONE);
            on = s.network().head().weight().array().toFloatArray();
        }
        assertFalse(Arrays.equals(off, on));
    }

    @Test
    void missingModalitySkipsItsStepAndStillTrains() {
        MultimodalDataset ds = TestData.small(0.5);
        try (TrainingSession s =
                TrainingSession.create(
                        TestData.cell("mla", "paper", TestData.trainer().epochs(3).build()), ds)) {
            s.run(TrainingListener.NONE);
            List<EpochRecord> h = s.history();
            assertEquals(3, h.size());
            assertTrue(
                    h.get(2).modalities().get("b").trainLoss()
                                    < h.get(0).modalities().get("b").trainLoss() + 1e-9
                            || h.get(2).modalities().get("b").validationAccuracy() > 0.3);
        }
    }

    /** Stops after n finished epochs. */
    public static final class StopAfter implements TrainingListener {
        private final TrainingSession s;
        private final int n;

        public StopAfter(TrainingSession s, int n) {
            this.s = s;
            this.n = n;
        }

        @Override
        public boolean stopRequested() {
            return s.epoch() >= n;
        }
    }
}
