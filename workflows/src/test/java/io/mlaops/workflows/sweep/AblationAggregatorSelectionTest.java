package io.mlaops.workflows.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.SelectedMetrics;
import io.mlaops.activities.tracking.AblationRow;
import io.mlaops.activities.tracking.AblationTable;
import io.mlaops.activities.tracking.PairedTest;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.TrainerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table reports the epochs selected on validation, says so, and tests against the ensemble. */
class AblationAggregatorSelectionTest {
    private static CellMetrics m(double fixed) {
        return new CellMetrics(
                fixed,
                fixed,
                fixed,
                fixed,
                Map.of("a", fixed),
                0.2,
                List.of(),
                new int[][] {{1}},
                Map.of());
    }

    private static CellMetrics selected(double last, double best, int epoch) {
        return m(last).withSelection(
                        new SelectedMetrics(
                                epoch,
                                20,
                                "validation fused accuracy (fixed fusion)",
                                best,
                                last,
                                true,
                                m(best)));
    }

    private static CellSpec cell(String recipe, String variant, String modality, long seed) {
        return CellSpec.of(
                "d", recipe, variant, modality, seed, TrainerConfig.defaults(), Map.of());
    }

    private static AblationRow row(AblationTable t, String label) {
        return t.rows().stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow();
    }

    @Test
    void rowsShowTheSelectedEpochWithTheLastBesideIt() {
        Map<CellSpec, CellMetrics> results = new LinkedHashMap<>();
        results.put(cell("joint", "", "", 0), selected(0.80, 0.82, 10));
        results.put(cell("joint", "", "", 1), selected(0.70, 0.74, 12));
        results.put(cell("joint", "", "", 2), m(0.75)); // an older result: its last epoch
        results.put(cell("ensemble", "mean", "", 0), selected(0.85, 0.86, 0));
        results.put(cell("ensemble", "mean", "", 1), selected(0.76, 0.79, 0));
        results.put(cell("ensemble", "mean", "", 2), selected(0.80, 0.80, 0));
        AblationTable t = AblationAggregator.table("s", results);
        AblationRow joint = row(t, "joint");
        assertEquals((0.82 + 0.74 + 0.75) / 3, joint.fused().mean(), 1e-12);
        assertEquals((0.80 + 0.70 + 0.75) / 3, joint.fusedLastEpoch().mean(), 1e-12);
        assertEquals(11.0, joint.selectedEpoch().mean(), 1e-12);
        assertEquals(1, joint.lastEpochCells());
        assertTrue(Double.isNaN(row(t, "ensemble (mean)").selectedEpoch().mean()));
        assertTrue(
                t.shows().startsWith("test numbers at the epoch selected on validation"),
                t.shows());
        assertTrue(t.shows().contains("1 cell(s) without a validation score"), t.shows());
        // the paired test uses the reported numbers: joint - ensemble per seed -0.04, -0.05, -0.05
        PairedTest p =
                t.tests().stream()
                        .filter(x -> x.name().equals("joint vs ensemble (mean)"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(t.tests().toString()));
        assertEquals((-0.04 - 0.05 - 0.05) / 3, p.meanDifference(), 1e-12);
        assertEquals(3, p.pairs());
    }
}
