package io.mlaops.activities.tracking;

import java.util.Map;

/**
 * One row of the ablation table: a trained configuration with or without DF, over seeds.
 *
 * @param dataset data set name
 * @param label human-readable row name
 * @param method mla, joint or unimodal
 * @param hgm off, paper or code
 * @param dynamicFusion whether the fused numbers use DF
 * @param modality the modality of a unimodal row, else empty
 * @param seeds number of seeds aggregated
 * @param fused fused accuracy, mean and std
 * @param macroF1 macro-F1, mean and std
 * @param modalityAccuracy per modality, mean and std
 * @param modalityGap mean and std
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record AblationRow(String dataset, String label, String method, String hgm, boolean dynamicFusion, String modality,
        int seeds, Stat fused, Stat macroF1, Map<String, Stat> modalityAccuracy, Stat modalityGap) {
    public AblationRow {
        modalityAccuracy = Map.copyOf(modalityAccuracy);
    }

    /**
     * @param mean arithmetic mean
     * @param std sample standard deviation
     */
    public record Stat(double mean, double std) {}
}
