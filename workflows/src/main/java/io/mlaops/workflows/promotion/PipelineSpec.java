package io.mlaops.workflows.promotion;

import io.mlaops.activities.staging.DatasetSource;
import java.util.Map;

/**
 * A recurring pipeline owned by ops: re-stage the source (new content = new data version),
 * retrain one configuration, evaluate, and promote the model only when it beats the champion.
 *
 * @param name pipeline name (tracker experiment {@code pipeline-<name>})
 * @param source the data source
 * @param trainerParams complete trainer settings
 * @param model registered model name
 * @param metric {@code dynamic} or {@code fixed} accuracy
 * @param margin required improvement over the champion (accuracy units)
 * @param heartbeatSeconds training heartbeat timeout
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineSpec(String name, DatasetSource source, Map<String, String> trainerParams, String model, String metric,
        double margin, int heartbeatSeconds) {
    public PipelineSpec {
        trainerParams = Map.copyOf(trainerParams);
    }
}
