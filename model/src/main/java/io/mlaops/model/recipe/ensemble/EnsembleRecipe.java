package io.mlaops.model.recipe.ensemble;

import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Comparison;
import io.mlaops.model.recipe.Fusion;
import io.mlaops.model.recipe.ModalityReadout;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.RowRef;
import io.mlaops.model.recipe.TableRow;
import io.mlaops.model.train.Trainer;
import io.mlaops.model.train.TrainerParts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The late-fusion ensemble of unimodal models, the baseline a balancing method has to beat (arXiv
 * 2411.07335 reports that they rarely do): it trains nothing of its own and combines the {@code
 * unimodal} cells of the same data set, seed and trainer settings, one per modality, by their class
 * probabilities ({@link LateFusionEnsemble}). Variants: {@code mean} (the mean of the modalities'
 * probabilities), {@code product} (their normalised geometric mean) and {@code weighted} (a
 * weighted geometric mean whose weights maximise the validation likelihood; the test split is never
 * read to choose them). A reference of the cross-method tests: every method's headline row is
 * tested against the val-weighted ensemble (the ensemble at its best, found on validation), or the
 * first variant trained when it is not.
 */
public final class EnsembleRecipe implements Recipe {
    /** The recipe whose cells an ensemble combines. */
    public static final String MEMBERS = "unimodal";

    @Override
    public String id() {
        return "ensemble";
    }

    @Override
    public String title() {
        return "ensemble";
    }

    @Override
    public String summary() {
        return "late fusion of the unimodal models of the same seed: the mean or the product of their"
                + " class probabilities, or a product weighted on validation (trains nothing)";
    }

    @Override
    public String variantName() {
        return "ensemble variant";
    }

    @Override
    public List<String> variants() {
        return List.of("mean", "product", "weighted");
    }

    @Override
    public Optional<String> combines() {
        return Optional.of(MEMBERS);
    }

    @Override
    public Set<Fusion> fusions() {
        return EnumSet.of(Fusion.FIXED);
    }

    /** Nothing: the ensemble trains nothing (its members are tuned as unimodal cells). */
    @Override
    public List<io.mlaops.model.tune.Dimension> searchDimensions(String variant) {
        return List.of();
    }

    @Override
    public ModalityReadout readout() {
        return ModalityReadout.FULL_HEAD;
    }

    @Override
    public Trainer trainer(TrainerParts parts) {
        throw new IllegalArgumentException(
                "method ensemble trains nothing: it combines the unimodal models");
    }

    @Override
    public String label(String variant, String modality) {
        return switch (variant) {
            case "weighted" -> "ensemble (val-weighted)";
            case "product" -> "ensemble (product)";
            default -> "ensemble (mean)";
        };
    }

    @Override
    public List<TableRow> rows(String variant, String modality) {
        return List.of(new TableRow(label(variant, modality), Fusion.FIXED));
    }

    @Override
    public List<Comparison> comparisons(Collection<String> variants) {
        List<Comparison> out = new ArrayList<>();
        if (!variants.contains("mean")) {
            return out;
        }
        for (String v : List.of("product", "weighted")) {
            if (variants.contains(v)) {
                out.add(
                        new Comparison(
                                label(v, "") + " vs mean",
                                new RowRef(id(), v, "", Fusion.FIXED),
                                new RowRef(id(), "mean", "", Fusion.FIXED)));
            }
        }
        return out;
    }

    @Override
    public Optional<RowRef> reference(Collection<String> variants) {
        for (String v : List.of("weighted", "product", "mean")) {
            if (variants.contains(v)) {
                return Optional.of(new RowRef(id(), v, "", Fusion.FIXED));
            }
        }
        return Optional.empty();
    }

    /**
     * @param ensemble an ensemble cell
     * @param modalities the data set's modalities, in declaration order
     * @return the unimodal cells it combines: same data set, seed, trainer settings, one per
     *     modality
     */
    public static List<CellSpec> members(CellSpec ensemble, List<String> modalities) {
        if (!"ensemble".equals(ensemble.recipe())) {
            throw new IllegalArgumentException(
                    "cell " + ensemble.key() + " is not an ensemble cell");
        }
        List<CellSpec> out = new ArrayList<>();
        for (String m : modalities) {
            out.add(
                    CellSpec.of(
                            ensemble.dataset(),
                            MEMBERS,
                            "",
                            m,
                            ensemble.seed(),
                            ensemble.trainer(),
                            ensemble.options()));
        }
        return out;
    }
}
