package io.mlaops.infra.cli;

import io.mlaops.activities.cells.CellState;
import io.mlaops.activities.cells.StoredCell;
import io.mlaops.model.cell.EngineIdentity;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.TrainerConfig;
import java.util.Map;

/** Store records for housekeeping tests. */
final class TestCells {
    private TestCells() {}

    static StoredCell finished(String id, String checkpoint) {
        return new StoredCell(
                id,
                "",
                new CellSpec("synthetic", "joint", "", "", 0, TrainerConfig.defaults(), Map.of()),
                "c".repeat(64),
                new EngineIdentity("0.36.0", "2.7.1", "cpu"),
                "",
                CellState.FINISHED,
                20,
                0,
                checkpoint,
                "",
                1.0,
                Map.of(),
                "sweep-live",
                "",
                "",
                "",
                "",
                "",
                "");
    }
}
