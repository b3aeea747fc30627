package io.mlaops.workflows.pipeline;

/**
 * @param cellKey the cell
 * @param stage staging, training, evaluating, tracking or done
 */
public record PipelineProgress(String cellKey, String stage) {}
