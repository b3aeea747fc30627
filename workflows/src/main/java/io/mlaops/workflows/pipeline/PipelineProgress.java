package io.mlaops.workflows.pipeline;

/**
 * @param cellKey the cell
 * @param stage staging, training, evaluating, tracking or done
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineProgress(String cellKey, String stage) {}
