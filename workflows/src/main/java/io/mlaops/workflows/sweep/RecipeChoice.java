package io.mlaops.workflows.sweep;

import java.util.List;
import java.util.Objects;

/**
 * A recipe a sweep trains, with the variants it trains.
 *
 * @param recipe recipe id
 * @param variants its variants ({@code [""]} for a recipe without variants)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record RecipeChoice(String recipe, List<String> variants) {
    public RecipeChoice {
        Objects.requireNonNull(recipe, "recipe");
        variants = List.copyOf(variants);
    }
}
