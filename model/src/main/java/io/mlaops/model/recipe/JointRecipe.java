package io.mlaops.model.recipe;

import io.mlaops.model.train.FusedTrainer;
import io.mlaops.model.train.GradientHook;
import io.mlaops.model.train.Trainer;
import io.mlaops.model.train.TrainerParts;
import java.util.Collection;
import java.util.Optional;

/**
 * Joint training (late fusion): every encoder and the head, one cross-entropy on the fused logits,
 * one step; the baseline where modality laziness shows and the reference of the cross-method tests.
 */
public final class JointRecipe implements Recipe {
    @Override
    public String id() {
        return "joint";
    }

    @Override
    public String title() {
        return "joint";
    }

    @Override
    public String summary() {
        return "joint training on the fused loss (late fusion baseline)";
    }

    @Override
    public ModalityReadout readout() {
        return ModalityReadout.BIAS_SHARE;
    }

    @Override
    public Trainer trainer(TrainerParts parts) {
        return new FusedTrainer(GradientHook.NONE);
    }

    @Override
    public Optional<RowRef> reference(Collection<String> variants) {
        return Optional.of(new RowRef(id(), "", "", Fusion.FIXED));
    }
}
