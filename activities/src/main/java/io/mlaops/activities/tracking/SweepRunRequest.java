package io.mlaops.activities.tracking;

import java.util.Map;

/**
 * @param experiment experiment name (the sweep's name)
 * @param sweepId deterministic sweep id (from the spec's content)
 * @param workflowId Temporal workflow id
 * @param specParams the spec, flattened, logged as params of the parent run
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepRunRequest(
        String experiment, String sweepId, String workflowId, Map<String, String> specParams) {
    public SweepRunRequest {
        specParams = Map.copyOf(specParams);
    }
}
