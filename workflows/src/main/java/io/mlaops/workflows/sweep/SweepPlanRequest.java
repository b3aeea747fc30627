package io.mlaops.workflows.sweep;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param spec the validated spec
 * @param modalities each data set's modalities as its kind declares them (for a data set never
 *     staged)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepPlanRequest(SweepSpec spec, Map<String, List<String>> modalities) {
    public SweepPlanRequest {
        Objects.requireNonNull(spec, "spec");
        modalities = Map.copyOf(modalities);
    }
}
