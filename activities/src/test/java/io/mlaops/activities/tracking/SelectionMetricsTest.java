package io.mlaops.activities.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.SelectedMetrics;
import io.mlaops.model.train.EpochRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionMetricsTest {
    private static CellMetrics metrics(double acc) {
        return new CellMetrics(
                acc,
                acc - 0.01,
                acc,
                acc,
                Map.of("audio", 0.7),
                0.3,
                List.of(),
                new int[][] {{1}},
                Map.of("own_head_acc_audio", 0.72));
    }

    @Test
    void curvesPerEpochAndTheSelectedEpochsNumbers() {
        List<EpochRecord> history =
                List.of(
                        new EpochRecord(
                                0, 1e-3, Map.of(), 0.5, 0.55, Map.of("hgm_removed_audio", 0.4)),
                        new EpochRecord(
                                1, 1e-3, Map.of(), 0.6, 0.65, Map.of("hgm_removed_audio", 0.3)));
        CellMetrics m =
                metrics(0.8)
                        .withSelection(
                                new SelectedMetrics(
                                        2,
                                        2,
                                        "validation fused accuracy (DF)",
                                        0.65,
                                        0.65,
                                        true,
                                        metrics(0.9)));
        Map<String, Double> at = new LinkedHashMap<>();
        for (MetricPoint p : SelectionMetrics.points(history, m)) {
            at.put(p.key() + "@" + p.step(), p.value());
        }
        assertEquals(0.55, at.get("val_score@1"));
        assertEquals(0.65, at.get("val_score@2"));
        assertEquals(0.3, at.get("diag_hgm_removed_audio@2"));
        assertEquals(2.0, at.get("selected_epoch@0"));
        assertEquals(1.0, at.get("selected_on_validation@0"));
        assertEquals(0.9, at.get("selected_test_acc_fixed@0"));
        assertEquals(0.7, at.get("selected_test_acc_audio@0"));
        assertEquals(0.72, at.get("selected_test_own_head_acc_audio@0"));
        assertEquals(
                "epoch 2 of 2 by validation fused accuracy (DF)",
                SelectionMetrics.describe(m.selection()));
        SelectedMetrics none =
                new SelectedMetrics(
                        2,
                        2,
                        "validation fused accuracy (DF)",
                        Double.NaN,
                        Double.NaN,
                        false,
                        metrics(0.8));
        assertTrue(SelectionMetrics.describe(none).contains("no validation split"));
        // without a selection (an older result) only the curves
        assertTrue(
                SelectionMetrics.points(history, metrics(0.8)).stream()
                        .noneMatch(p -> p.key().startsWith("selected_")));
    }
}
