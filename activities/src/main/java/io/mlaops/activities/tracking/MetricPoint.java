package io.mlaops.activities.tracking;

/**
 * One metric value.
 *
 * @param key metric name
 * @param value value
 * @param step step (epoch for curves, 0 for final numbers)
 * @param timestampMillis wall time in ms since the epoch
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record MetricPoint(String key, double value, long step, long timestampMillis) {}
