package io.mlaops.activities.registry;

import java.util.Map;

/**
 * @param model registered model name
 * @param version version number
 * @param runId the run it came from
 * @param tags its tags (mla.checkpoint, mla.score, mla.dataset_hash, ...)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record ModelVersionInfo(
        String model, String version, String runId, Map<String, String> tags) {
    public ModelVersionInfo {
        tags = Map.copyOf(tags);
    }
}
