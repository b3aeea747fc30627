package io.mlaops.model.tune;

import io.mlaops.model.recipe.CellSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration a sampler produced: the tuned settings, as canonical text by name (trainer
 * settings and the recipe's options in one flat namespace, as a cell's params are).
 *
 * @param index the trial's number within its sampler's sequence (0-based)
 * @param settings the sampled values by setting name, in the space's order
 */
public record Trial(int index, Map<String, String> settings) {
    public Trial {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * @param base a cell of the recipe the space belongs to (data set, variant, modality, seed and
     *     the settings not tuned)
     * @return that cell with this trial's settings
     * @throws IllegalArgumentException naming the trial and what does not fit the cell
     */
    public CellSpec apply(CellSpec base) {
        Map<String, String> p = new LinkedHashMap<>(base.params());
        p.putAll(settings);
        try {
            return CellSpec.fromParams(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "trial " + index + " " + settings + ": " + e.getMessage(), e);
        }
    }
}
