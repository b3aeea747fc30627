package io.mlaops.model.recipe;

import java.util.Objects;

/**
 * Names one row of the ablation table: a trained configuration and a fusion.
 *
 * @param recipe recipe id
 * @param variant the recipe's variant ("" for a recipe without variants)
 * @param modality the modality of a per-modality recipe, else ""
 * @param fusion the fused numbers compared
 */
public record RowRef(String recipe, String variant, String modality, Fusion fusion) {
    public RowRef {
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(fusion, "fusion");
    }

    /**
     * The row's name for programs (MLflow metric keys, CSV, the page): {@code
     * recipe[.variant][.modality].fixed|df}, e.g. {@code mla.paper.df}. Labels ({@code MLA, HGM
     * paper, DF on}) are for people and may change; a slug is made of ids only.
     *
     * @return the slug
     */
    public String slug() {
        return recipe
                + (variant.isEmpty() ? "" : "." + variant)
                + (modality.isEmpty() ? "" : "." + modality)
                + (fusion == Fusion.DYNAMIC ? ".df" : ".fixed");
    }
}
