package io.mlaops.model.recipe;

import io.mlaops.model.train.AlternatingTrainer;
import io.mlaops.model.train.GradientHook;
import io.mlaops.model.train.Trainer;
import io.mlaops.model.train.TrainerParts;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One modality alone (its encoder and the head), one cell per modality: what each modality reaches
 * without the others. One modality has nothing to fuse, so no DF row and no part in the
 * cross-method tests.
 */
public final class UnimodalRecipe implements Recipe {
    @Override
    public String id() {
        return "unimodal";
    }

    @Override
    public String title() {
        return "unimodal";
    }

    @Override
    public String summary() {
        return "one modality alone, one cell per modality";
    }

    @Override
    public boolean perModality() {
        return true;
    }

    @Override
    public Set<Fusion> fusions() {
        return EnumSet.of(Fusion.FIXED);
    }

    @Override
    public ModalityReadout readout() {
        return ModalityReadout.FULL_HEAD;
    }

    @Override
    public Trainer trainer(TrainerParts parts) {
        return new AlternatingTrainer(GradientHook.NONE, false);
    }

    @Override
    public Optional<Fusion> headline(String variant) {
        return Optional.empty();
    }
}
