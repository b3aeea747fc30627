package io.mlaops.activities.tracking;

/**
 * @param experimentId experiment id
 * @param runId the sweep's parent run
 * @param url link to it in the tracker's UI
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepRun(String experimentId, String runId, String url) {}
