package io.mlaops.model.recipe.ogm;

import io.mlaops.model.options.OptionSet;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import io.mlaops.model.recipe.Comparison;
import io.mlaops.model.recipe.Fusion;
import io.mlaops.model.recipe.ModalityReadout;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.RowRef;
import io.mlaops.model.train.FusedTrainer;
import io.mlaops.model.train.Trainer;
import io.mlaops.model.train.TrainerParts;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * OGM and OGM-GE (CVPR 2022, balancing-methods.md): joint training on the fused loss whose dominant
 * modality's encoder gradients are scaled down ({@link OgmHook}), with Gaussian noise in the GE
 * variant. Declares the paired test OGM-GE vs OGM.
 */
public final class OgmRecipe implements Recipe {
    private static final OptionSet OPTIONS =
            OptionSet.of(
                    OptionSpec.range(
                            "ogm_alpha",
                            OptionType.DOUBLE,
                            0.1,
                            0,
                            1000,
                            "OGM modulation strength alpha (0.8 recommended for CREMA-D)"),
                    OptionSpec.range(
                            "ogm_start",
                            OptionType.INT,
                            0,
                            0,
                            Integer.MAX_VALUE,
                            "First epoch of the modulation window (0-based)"),
                    OptionSpec.range(
                            "ogm_end",
                            OptionType.INT,
                            50,
                            0,
                            Integer.MAX_VALUE,
                            "Last epoch of the modulation window (inclusive)"),
                    OptionSpec.of(
                            "ogm_biases",
                            OptionType.BOOLEAN,
                            false,
                            "Also modulate the encoders' biases"));

    @Override
    public String id() {
        return "ogm";
    }

    @Override
    public String title() {
        return "OGM";
    }

    @Override
    public String summary() {
        return "on-the-fly gradient modulation of joint training, plain or with generalisation enhancement noise (CVPR 2022)";
    }

    @Override
    public List<String> variants() {
        return List.of("plain", "ge");
    }

    @Override
    public String defaultVariant() {
        return "ge";
    }

    @Override
    public OptionSet options() {
        return OPTIONS;
    }

    @Override
    public void checkOptions(Map<String, String> options) {
        if (OptionSet.intValue(options, "ogm_start") > OptionSet.intValue(options, "ogm_end")) {
            throw new IllegalArgumentException(
                    "ogm_start "
                            + options.get("ogm_start")
                            + " is after ogm_end "
                            + options.get("ogm_end")
                            + ": expected a window start <= end");
        }
    }

    /**
     * The shared trainer settings, alpha over the authors' 0.1 (released default) and 0.8
     * (recommended for CREMA-D), and the window's end (the window starts at epoch 0).
     */
    @Override
    public List<io.mlaops.model.tune.Dimension> searchDimensions(String variant) {
        List<io.mlaops.model.tune.Dimension> out =
                new java.util.ArrayList<>(io.mlaops.model.tune.TrainerSearchSpace.SHARED);
        out.add(
                io.mlaops.model.tune.Dimension.real(
                        "ogm_alpha", 0.05, 2.0, io.mlaops.model.tune.Scale.LOG));
        out.add(io.mlaops.model.tune.Dimension.choice("ogm_end", List.of(5, 10, 20, 50)));
        return out;
    }

    @Override
    public void checkOptions(
            Map<String, String> options, io.mlaops.model.train.TrainerConfig trainer) {
        checkOptions(options);
        int start = OptionSet.intValue(options, "ogm_start");
        if (start >= trainer.epochs()) {
            throw new IllegalArgumentException(
                    "ogm_start "
                            + start
                            + " is past the last epoch ("
                            + trainer.epochs()
                            + " epochs, numbered 0.."
                            + (trainer.epochs() - 1)
                            + "): the modulation would never run; expected ogm_start < epochs");
        }
    }

    @Override
    public ModalityReadout readout() {
        return ModalityReadout.BIAS_SHARE;
    }

    @Override
    public Trainer trainer(TrainerParts parts) {
        Map<String, String> o = parts.cell().options();
        return new FusedTrainer(
                new OgmHook(
                        OptionSet.doubleValue(o, "ogm_alpha"),
                        "ge".equals(parts.cell().variant()),
                        OptionSet.intValue(o, "ogm_start"),
                        OptionSet.intValue(o, "ogm_end"),
                        OptionSet.booleanValue(o, "ogm_biases")));
    }

    @Override
    public String label(String variant, String modality) {
        return "ge".equals(variant) ? "OGM-GE" : "OGM";
    }

    @Override
    public List<Comparison> comparisons(Collection<String> variants) {
        if (!variants.contains("plain") || !variants.contains("ge")) {
            return List.of();
        }
        return List.of(
                new Comparison(
                        "OGM-GE vs OGM",
                        new RowRef(id(), "ge", "", Fusion.FIXED),
                        new RowRef(id(), "plain", "", Fusion.FIXED)));
    }
}
