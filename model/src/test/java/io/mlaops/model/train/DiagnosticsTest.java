package io.mlaops.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.MultimodalDataset;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Each method's own numbers per epoch in the history. */
class DiagnosticsTest {
    private static Map<String, Double> lastEpoch(
            String recipe, String variant, Map<String, String> options) {
        MultimodalDataset ds = TestData.small(0.2);
        try (TrainingSession s =
                TrainingSession.create(
                        TestData.cell(recipe, variant, TestData.trainer().build(), options), ds)) {
            s.run(TrainingListener.NONE);
            return s.history().get(1).diagnostics();
        }
    }

    @Test
    void hgmRecordsTheShareOfTheHeadGradientItRemoves() {
        Map<String, Double> d = lastEpoch("mla", "paper", Map.of());
        assertEquals(Set.of("hgm_removed_a", "hgm_removed_b"), d.keySet());
        for (double v : d.values()) {
            assertTrue(v > 0 && v <= 1, "hgm_removed " + v);
        }
        assertTrue(lastEpoch("mla", "off", Map.of()).isEmpty(), "no HGM, no diagnostics");
    }

    @Test
    void ogmRecordsItsRatioAndCoefficientInAndOutsideItsWindow() {
        Map<String, Double> d = lastEpoch("ogm", "ge", Map.of("ogm_alpha", "0.5"));
        assertEquals(
                new TreeSet<>(Set.of("ogm_k_a", "ogm_k_b", "ogm_ratio_a", "ogm_ratio_b")),
                new TreeSet<>(d.keySet()));
        for (String m : new String[] {"a", "b"}) {
            assertTrue(d.get("ogm_ratio_" + m) >= 1);
            double k = d.get("ogm_k_" + m);
            assertTrue(k > 0 && k <= 1, "k " + k);
        }
        // the dominant modality (a) is the one scaled down
        assertTrue(d.get("ogm_k_a") < d.get("ogm_k_b"));
        // epoch 1 lies outside a window of 0..0: nothing is scaled, k is 1
        Map<String, Double> outside =
                lastEpoch("ogm", "plain", Map.of("ogm_start", "0", "ogm_end", "0"));
        assertEquals(1.0, outside.get("ogm_k_a"));
        assertEquals(1.0, outside.get("ogm_k_b"));
        assertTrue(outside.get("ogm_ratio_a") >= 1);
    }

    @Test
    void mmparetoRecordsItsShareOfConflictingStepsAndTheCosine() {
        Map<String, Double> d = lastEpoch("mmpareto", "", Map.of());
        for (String m : new String[] {"a", "b"}) {
            double share = d.get("pareto_conflict_" + m);
            assertTrue(share >= 0 && share <= 1, "share " + share);
            double cos = d.get("pareto_cos_" + m);
            assertTrue(cos >= -1 && cos <= 1, "cos " + cos);
        }
    }

    @Test
    void jointAndUnimodalHaveNone() {
        assertTrue(lastEpoch("joint", "", Map.of()).isEmpty());
    }

    @Test
    void meansAreOverTheRecordedSteps() {
        EpochDiagnostics e = new EpochDiagnostics();
        e.record("x", 1);
        e.record("x", 0);
        e.record("x", 0);
        e.record("x", Double.NaN);
        e.record("y", 0.25);
        assertEquals(Map.of("x", 1.0 / 3, "y", 0.25), e.means());
        e.reset();
        assertTrue(e.means().isEmpty());
    }
}
