package io.mlaops.model.recipe;

import io.mlaops.model.hgm.HeadGradientModifier;
import io.mlaops.model.hgm.HgmHook;
import io.mlaops.model.hgm.HgmVariant;
import io.mlaops.model.options.OptionSet;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import io.mlaops.model.train.AlternatingTrainer;
import io.mlaops.model.train.GradientHook;
import io.mlaops.model.train.Trainer;
import io.mlaops.model.train.TrainerParts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MLA (method.md): alternating unimodal steps through the shared head, HGM as the gradient hook
 * (variants off, paper, code), DF at test time. Declares the 2 x 2 ablation rows per variant (DF
 * off / on), the paired tests HGM on vs off, and is a reference of the cross-method tests (its full
 * form, HGM + DF).
 */
public final class MlaRecipe implements Recipe {
    private static final OptionSet OPTIONS =
            OptionSet.of(
                    OptionSpec.of(
                            "hgm_alpha",
                            OptionType.DOUBLE,
                            1.0,
                            "HGM alpha of the paper variant (> 0)"),
                    OptionSpec.of(
                            "idle_encoder_drift",
                            OptionType.BOOLEAN,
                            false,
                            "Compatibility with the public code: let idle encoders drift"));

    @Override
    public String id() {
        return "mla";
    }

    @Override
    public String title() {
        return "MLA";
    }

    @Override
    public String summary() {
        return "alternating unimodal adaptation through a shared head with head gradient modification (CVPR 2024)";
    }

    @Override
    public String variantName() {
        return "HGM variant";
    }

    @Override
    public Optional<String> variantKey() {
        return Optional.of("hgm");
    }

    @Override
    public List<String> variants() {
        return List.of("off", "paper", "code");
    }

    @Override
    public String defaultVariant() {
        return "paper";
    }

    @Override
    public List<String> sweepVariants() {
        return List.of("off", "paper");
    }

    @Override
    public OptionSet options() {
        return OPTIONS;
    }

    @Override
    public void checkOptions(Map<String, String> options) {
        double alpha = OptionSet.doubleValue(options, "hgm_alpha");
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("hgm_alpha " + alpha + ": expected > 0");
        }
    }

    /**
     * The shared trainer settings; the paper variant also its alpha (the code variant's is a
     * schedule).
     */
    @Override
    public List<io.mlaops.model.tune.Dimension> searchDimensions(String variant) {
        List<io.mlaops.model.tune.Dimension> out =
                new ArrayList<>(io.mlaops.model.tune.TrainerSearchSpace.SHARED);
        if ("paper".equals(variant)) {
            out.add(
                    io.mlaops.model.tune.Dimension.real(
                            "hgm_alpha", 0.01, 10, io.mlaops.model.tune.Scale.LOG));
        }
        return out;
    }

    @Override
    public ModalityReadout readout() {
        return ModalityReadout.FULL_HEAD;
    }

    @Override
    public Trainer trainer(TrainerParts parts) {
        HgmVariant v = HgmVariant.parse(parts.cell().variant());
        GradientHook hook =
                v == HgmVariant.OFF
                        ? GradientHook.NONE
                        : new HgmHook(
                                new HeadGradientModifier(
                                        v,
                                        OptionSet.doubleValue(parts.cell().options(), "hgm_alpha"),
                                        parts.network().featureDim(),
                                        parts.manager()));
        return new AlternatingTrainer(
                hook, OptionSet.booleanValue(parts.cell().options(), "idle_encoder_drift"));
    }

    @Override
    public String label(String variant, String modality) {
        return "MLA, HGM " + variant;
    }

    @Override
    public List<TableRow> rows(String variant, String modality) {
        return List.of(
                new TableRow(label(variant, modality) + ", DF off", Fusion.FIXED),
                new TableRow(label(variant, modality) + ", DF on", Fusion.DYNAMIC));
    }

    @Override
    public Optional<Fusion> headline(String variant) {
        // HGM off without DF is alternating late fusion; with HGM the method is HGM + DF
        return Optional.of("off".equals(variant) ? Fusion.FIXED : Fusion.DYNAMIC);
    }

    @Override
    public List<Comparison> comparisons(Collection<String> variants) {
        List<Comparison> out = new ArrayList<>();
        if (!variants.contains("off")) {
            return out;
        }
        for (String v : List.of("paper", "code")) {
            if (variants.contains(v)) {
                for (Fusion f : List.of(Fusion.DYNAMIC, Fusion.FIXED)) {
                    out.add(
                            new Comparison(
                                    "HGM " + v + " vs off (MLA, " + f.label() + ")",
                                    new RowRef(id(), v, "", f),
                                    new RowRef(id(), "off", "", f)));
                }
            }
        }
        return out;
    }

    @Override
    public Optional<RowRef> reference(Collection<String> variants) {
        for (String v : List.of("paper", "code")) {
            if (variants.contains(v)) {
                return Optional.of(new RowRef(id(), v, "", Fusion.DYNAMIC));
            }
        }
        return variants.contains("off")
                ? Optional.of(new RowRef(id(), "off", "", Fusion.FIXED))
                : Optional.empty();
    }
}
