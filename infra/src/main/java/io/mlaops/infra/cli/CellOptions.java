package io.mlaops.infra.cli;

import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.Recipes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Flags naming one trained cell (shared by {@code train} and {@code run}); methods and variants
 * come from the registry.
 */
final class CellOptions {
    @Option(
            names = "--method",
            defaultValue = "mla",
            completionCandidates = RegistryFlags.RecipeIds.class,
            description =
                    "One of ${COMPLETION-CANDIDATES} (see Methods below). Default: ${DEFAULT-VALUE}")
    String method;

    @Option(
            names = "--variant",
            description = "The method's variant (see Methods below). Default: the method's default")
    String variant;

    @Option(names = "--modality", description = "The modality of a per-modality method (unimodal)")
    String modality;

    @Option(names = "--seed", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}")
    long seed;

    /**
     * @param dataset the data set's name
     * @param opts the shared training flags
     * @param spec the command (for the registry's flags)
     * @return the validated cell
     */
    CellSpec cell(String dataset, TrainingOptions opts, CommandSpec spec) {
        Recipe r = Recipes.get(method);
        if (r.combines().isPresent()) {
            throw new IllegalArgumentException(
                    "--method "
                            + r.id()
                            + " trains nothing of its own: it combines the "
                            + r.combines().get()
                            + " models of the same seed; run 'mla ablate --methods "
                            + r.combines().get()
                            + "', which adds it");
        }
        String v = r.defaultVariant();
        var keyed = RegistryFlags.variantFlag(spec, r);
        if (keyed.isPresent() && variant != null) {
            throw new IllegalArgumentException(
                    "--variant and --"
                            + r.variantKey().orElse("")
                            + " both name the variant: give one");
        }
        if (variant != null) {
            v = variant;
        } else if (keyed.isPresent()) {
            v = keyed.get();
        }
        return CellSpec.of(
                dataset,
                r.id(),
                v,
                modality == null ? "" : modality,
                seed,
                opts.trainerConfig(spec),
                RegistryFlags.options(spec, java.util.List.of(r.id())));
    }
}
