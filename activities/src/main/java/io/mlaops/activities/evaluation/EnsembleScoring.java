package io.mlaops.activities.evaluation;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.ensemble.EnsembleMember;
import io.mlaops.model.recipe.ensemble.LateFusionEnsemble;
import io.mlaops.model.train.TrainedModel;
import io.mlaops.model.train.TrainingSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An ensemble cell's metrics from its unimodal members ({@link
 * io.mlaops.model.recipe.ensemble.EnsembleRecipe}): the members' last epochs give the last numbers,
 * the members' epochs selected on validation give the selected ones (each member at its own
 * selected epoch). Used by {@code mla ablate} with the trained sessions, and the seam for a sweep,
 * which has the members' checkpoints ({@link #fromCheckpoints}).
 */
public final class EnsembleScoring {
    private EnsembleScoring() {}

    /**
     * One unimodal member, as the ensemble needs it.
     *
     * @param selected its outputs at its selected epoch
     * @param last its outputs at its last epoch
     * @param onValidation whether its selected epoch was chosen on validation
     */
    public record Member(EnsembleMember selected, EnsembleMember last, boolean onValidation) {
        /**
         * @param s a trained unimodal session
         * @return its member
         */
        public static Member of(TrainingSession s) {
            String m = s.cell().modality();
            EnsembleMember last = EnsembleMember.of(s.lastModel(), m);
            try (TrainedModel model = s.selectedModel()) {
                EnsembleMember selected =
                        model == s.lastModel() ? last : EnsembleMember.of(model, m);
                return new Member(selected, last, s.selection().onValidation());
            }
        }
    }

    /**
     * @param ensemble the ensemble cell (its variant: mean or weighted)
     * @param members one member per modality, in the data set's modality order
     * @return the last epochs' numbers with the selected epochs' as their selection
     */
    public static CellMetrics score(CellSpec ensemble, List<Member> members) {
        List<EnsembleMember> selected = new ArrayList<>();
        List<EnsembleMember> last = new ArrayList<>();
        boolean onValidation = !members.isEmpty();
        for (Member m : members) {
            selected.add(m.selected());
            last.add(m.last());
            onValidation &= m.onValidation();
        }
        CellMetrics lastMetrics =
                CellMetrics.of(
                        LateFusionEnsemble.evaluate(ensemble.variant(), last).report(), List.of());
        CellMetrics selectedMetrics =
                CellMetrics.of(
                        LateFusionEnsemble.evaluate(ensemble.variant(), selected).report(),
                        List.of());
        return lastMetrics.withSelection(
                new SelectedMetrics(
                        0,
                        ensemble.trainer().epochs(),
                        "each unimodal model at its own selected epoch",
                        Double.NaN,
                        Double.NaN,
                        onValidation,
                        selectedMetrics));
    }

    /**
     * The sweep's seam: an ensemble cell scored from its members' final checkpoints.
     *
     * @param ensemble the ensemble cell
     * @param data the data set the members were trained on (checked by content hash)
     * @param checkpoints each member's final checkpoint, in the data set's modality order
     * @return its metrics
     * @throws io.mlaops.model.train.CheckpointException for a checkpoint that is not a member's
     * @throws IOException when a checkpoint cannot be read
     */
    public static CellMetrics fromCheckpoints(
            CellSpec ensemble, MultimodalDataset data, List<byte[]> checkpoints)
            throws IOException {
        List<Member> members = new ArrayList<>();
        for (byte[] c : checkpoints) {
            try (TrainingSession s = TrainingSession.restore(new ByteArrayInputStream(c), data)) {
                if (!ensemble.trainer().equals(s.cell().trainer())
                        || ensemble.seed() != s.cell().seed()
                        || !"unimodal".equals(s.cell().recipe())) {
                    throw new io.mlaops.model.train.CheckpointException(
                            "ensemble "
                                    + ensemble.key()
                                    + " combines unimodal cells of its seed and settings, not "
                                    + s.cell().key());
                }
                members.add(Member.of(s));
            }
        }
        return score(ensemble, members);
    }
}
