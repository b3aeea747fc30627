package io.mlaops.activities.tracking;

import java.util.Map;

/**
 * A run as the tracker reports it.
 *
 * @param runId run id
 * @param status RUNNING, FINISHED, FAILED or KILLED
 * @param tags its tags
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TrackedRun(String runId, String status, Map<String, String> tags) {
    public TrackedRun {
        tags = Map.copyOf(tags);
    }
}
