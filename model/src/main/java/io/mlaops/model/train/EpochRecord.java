package io.mlaops.model.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * History entry of one finished epoch.
 *
 * @param epoch zero-based epoch
 * @param learningRate learning rate used in it
 * @param modalities per-modality train and validation numbers, in step order
 * @param validationFusedAccuracy validation accuracy of the equally weighted logit sum
 * @param validationScore the recipe's selection metric on the validation split (fused accuracy with
 *     the method's own fusion, {@link io.mlaops.model.recipe.Recipe#selectionFusion}); NaN when the
 *     data set has no validation split (and in records written before it existed)
 * @param diagnostics the method's own numbers, each the mean over the epoch's steps (e.g. OGM's
 *     coefficient {@code ogm_k_<m>}, MMPareto's share of conflicting steps {@code
 *     pareto_conflict_<m>}, HGM's removed share {@code hgm_removed_<m>}: see {@link
 *     EpochDiagnostics}); empty for a method without any
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EpochRecord(
        int epoch,
        double learningRate,
        Map<String, ModalityEpochMetrics> modalities,
        double validationFusedAccuracy,
        Double validationScore,
        Map<String, Double> diagnostics) {
    public EpochRecord {
        modalities = Collections.unmodifiableMap(new LinkedHashMap<>(modalities));
        validationScore = validationScore == null ? Double.NaN : validationScore;
        diagnostics =
                diagnostics == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
    }

    /** A record without selection score or diagnostics (the earlier form). */
    public EpochRecord(
            int epoch,
            double learningRate,
            Map<String, ModalityEpochMetrics> modalities,
            double validationFusedAccuracy) {
        this(epoch, learningRate, modalities, validationFusedAccuracy, Double.NaN, Map.of());
    }
}
