package io.mlaops.activities.cells;

import io.mlaops.model.cell.EngineIdentity;
import io.mlaops.model.recipe.CellSpec;

/**
 * A cell's workflow begins training it.
 *
 * @param id content id
 * @param cell the cell
 * @param datasetHash its data set's content hash
 * @param engine the engine it is resolved for
 * @param trainedFor the view that asked first
 * @param workflowId the workflow training it
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellStart(
        String id,
        CellSpec cell,
        String datasetHash,
        EngineIdentity engine,
        String trainedFor,
        String workflowId) {}
