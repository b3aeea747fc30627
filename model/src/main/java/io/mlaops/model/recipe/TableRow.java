package io.mlaops.model.recipe;

import java.util.Objects;

/**
 * A row a trained configuration contributes to the ablation table.
 *
 * @param label human-readable row name, unique within a data set (e.g. {@code MLA, HGM paper, DF
 *     on})
 * @param fusion which fused numbers the row shows
 */
public record TableRow(String label, Fusion fusion) {
    public TableRow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(fusion, "fusion");
    }
}
