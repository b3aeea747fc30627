package io.mlaops.activities.registry;

import io.mlaops.activities.staging.StagedDataset;

/**
 * Whether a freshly trained model replaces the champion.
 *
 * @param model registered model name
 * @param experimentId tracker experiment of the candidate run
 * @param candidateRunId the candidate's tracker run
 * @param candidateCheckpoint object key of the candidate's final checkpoint
 * @param candidateScore the candidate's score on {@code dataset}'s test split
 * @param dataset the data the candidate was trained and scored on
 * @param metric {@code dynamic} (DF accuracy) or {@code fixed} (fixed-fusion accuracy)
 * @param margin how much better the candidate must be, in accuracy units (0.01 = one point)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PromotionRequest(
        String model,
        String experimentId,
        String candidateRunId,
        String candidateCheckpoint,
        double candidateScore,
        StagedDataset dataset,
        String metric,
        double margin) {}
