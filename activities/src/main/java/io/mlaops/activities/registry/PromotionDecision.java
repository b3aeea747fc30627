package io.mlaops.activities.registry;

/**
 * @param promoted whether the alias {@code champion} now points at the candidate
 * @param version the registered version of the candidate (empty when not promoted)
 * @param candidateScore the candidate's score
 * @param championScore the previous champion's score on the same test set (NaN without champion)
 * @param previousVersion the previous champion's version (empty without champion)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PromotionDecision(
        boolean promoted,
        String version,
        double candidateScore,
        double championScore,
        String previousVersion) {}
