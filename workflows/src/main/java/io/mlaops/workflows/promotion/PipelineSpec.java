package io.mlaops.workflows.promotion;

import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.model.recipe.CellSpec;
import java.util.Objects;

/**
 * A recurring pipeline owned by ops: re-stage the source (new content = new data version), retrain
 * one cell, evaluate, and promote the model only when it beats the champion.
 *
 * @param name pipeline name (tracker experiment {@code pipeline-<name>})
 * @param source the data source
 * @param cell what to train (its data set is the source's name)
 * @param model registered model name
 * @param metric {@code dynamic} or {@code fixed} accuracy
 * @param margin required improvement over the champion (accuracy units)
 * @param heartbeatSeconds training heartbeat timeout
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineSpec(
        String name,
        DatasetSource source,
        CellSpec cell,
        String model,
        String metric,
        double margin,
        int heartbeatSeconds) {
    public PipelineSpec {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(cell, "cell");
    }
}
