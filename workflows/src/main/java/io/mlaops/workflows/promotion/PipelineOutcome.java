package io.mlaops.workflows.promotion;

import io.mlaops.activities.registry.PromotionDecision;

/**
 * @param runId the tracker run of this pipeline run
 * @param datasetHash the content hash of the data it trained on
 * @param decision the promotion decision
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineOutcome(String runId, String datasetHash, PromotionDecision decision) {}
