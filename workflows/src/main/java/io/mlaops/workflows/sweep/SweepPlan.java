package io.mlaops.workflows.sweep;

import io.mlaops.activities.cells.CellPlan;
import io.mlaops.model.cell.EngineIdentity;
import java.util.List;

/**
 * A sweep's plan.
 *
 * @param cells what each cell would do, with estimates
 * @param engine the engine the training workers run (part of every content id)
 * @param unstaged data sets whose content is not known without building them: their cells train
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepPlan(CellPlan cells, EngineIdentity engine, List<String> unstaged) {
    public SweepPlan {
        unstaged = List.copyOf(unstaged);
    }
}
