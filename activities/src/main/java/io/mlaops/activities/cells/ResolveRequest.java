package io.mlaops.activities.cells;

import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.model.cell.EngineIdentity;
import io.mlaops.model.recipe.CellSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cells a view asks for, to be named by their content and looked up in the store.
 *
 * @param cells the cells, as the view's grid lists them
 * @param datasetHashes content hash of each data set by the name the cells use
 * @param engine the engine that would train them
 * @param evaluation how the view scores them
 * @param use the view (recorded as using each cell), or null to record nothing (a plan)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record ResolveRequest(
        List<CellSpec> cells,
        Map<String, String> datasetHashes,
        EngineIdentity engine,
        EvaluationSettings evaluation,
        CellUse use) {
    public ResolveRequest {
        cells = List.copyOf(cells);
        datasetHashes = Map.copyOf(datasetHashes);
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(evaluation, "evaluation");
    }
}
