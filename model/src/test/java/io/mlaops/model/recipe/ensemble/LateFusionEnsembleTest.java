package io.mlaops.model.recipe.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.SplitOutputs;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.ResumeCheck;
import io.mlaops.model.train.TestData;
import io.mlaops.model.train.TrainingListener;
import io.mlaops.model.train.TrainingSession;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LateFusionEnsembleTest {
    /** Outputs of one modality whose softmax is {@code probabilities} (logits = their logs). */
    private static SplitOutputs outputs(
            String m, double[][] probabilities, int[] labels, boolean[] present) {
        int c = probabilities[0].length;
        float[] z = new float[labels.length * c];
        for (int i = 0; i < labels.length; i++) {
            for (int k = 0; k < c; k++) {
                z[i * c + k] = (float) Math.log(probabilities[i][k]);
            }
        }
        return new SplitOutputs(
                List.of(m),
                Map.of(m, z),
                Map.of(m, new float[labels.length]),
                Map.of(m, present),
                labels,
                c,
                1);
    }

    private static final int[] VAL = {0, 0, 1};
    private static final int[] TEST = {1, 0, 0};
    private static final boolean[] ALL = {true, true, true};

    /**
     * Validation: the true class has probability (0.8, 0.8, 0.1) under a and (0.2, 0.2, 0.6) under
     * b. The likelihood {@code sum_i log(w a_i + (1-w) b_i)} peaks where {@code 1.2 / (0.2 + 0.6 w)
     * = 0.5 / (0.6 - 0.5 w)}: w = 0.62 / 0.9 = 31/45.
     */
    private static List<EnsembleMember> members() {
        EnsembleMember a =
                new EnsembleMember(
                        "a",
                        outputs("a", new double[][] {{.8, .2}, {.8, .2}, {.9, .1}}, VAL, ALL),
                        outputs("a", new double[][] {{.7, .3}, {.4, .6}, {.6, .4}}, TEST, ALL));
        EnsembleMember b =
                new EnsembleMember(
                        "b",
                        outputs("b", new double[][] {{.2, .8}, {.2, .8}, {.4, .6}}, VAL, ALL),
                        outputs(
                                "b",
                                new double[][] {{.2, .8}, {.9, .1}, {.5, .5}},
                                TEST,
                                new boolean[] {true, true, false}));
        return List.of(a, b);
    }

    @Test
    void theMeanOfProbabilitiesWithAMissingModalityDroppingOut() {
        LateFusionEnsemble.Result r = LateFusionEnsemble.evaluate("mean", members());
        // (0.45, 0.55) -> 1 right; (0.65, 0.35) -> 0 right; b missing: a alone (0.6, 0.4) -> 0
        // right
        assertEquals(1.0, r.report().fixedAccuracy());
        assertEquals(Map.of("a", 0.5, "b", 0.5), r.weights());
        assertFalse(r.weightsFromValidation());
        // each member's own accuracy over the samples that have it
        assertEquals(1.0 / 3, r.report().modalityAccuracy().get("a"), 1e-12);
        assertEquals(1.0, r.report().modalityAccuracy().get("b"));
        assertTrue(Double.isNaN(r.report().dynamicAccuracy()));
        assertTrue(Double.isNaN(r.report().modalityGap()));
        assertEquals(0.5, r.report().extra().get("ensemble_weight_a"));
    }

    @Test
    void theWeightedVariantMaximisesTheValidationLikelihood() {
        LateFusionEnsemble.Result r = LateFusionEnsemble.evaluate("weighted", members());
        assertTrue(r.weightsFromValidation());
        assertEquals(31.0 / 45, r.weights().get("a"), 1e-6);
        assertEquals(14.0 / 45, r.weights().get("b"), 1e-6);
        // sample 1: 0.689 0.7 + 0.311 0.2 = 0.544 for class 0: wrong; the other two right
        assertEquals(2.0 / 3, r.report().fixedAccuracy(), 1e-12);
    }

    @Test
    void withoutValidationSamplesTheWeightsStayEqualAndSaySo() {
        List<EnsembleMember> m = new ArrayList<>();
        for (EnsembleMember x : members()) {
            m.add(
                    new EnsembleMember(
                            x.modality(),
                            outputs(
                                    x.modality(),
                                    new double[][] {{.5, .5}},
                                    new int[] {0},
                                    new boolean[] {false}),
                            x.test()));
        }
        LateFusionEnsemble.Result r = LateFusionEnsemble.evaluate("weighted", m);
        assertFalse(r.weightsFromValidation());
        assertEquals(Map.of("a", 0.5, "b", 0.5), r.weights());
        assertEquals(1.0, r.report().fixedAccuracy());
    }

    @Test
    void badInputIsNamed() {
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> LateFusionEnsemble.evaluate("median", members()))
                        .getMessage()
                        .contains("expected mean or weighted"));
        List<EnsembleMember> twice = List.of(members().get(0), members().get(0));
        assertThrows(
                IllegalArgumentException.class, () -> LateFusionEnsemble.evaluate("mean", twice));
    }

    @Test
    void trainsNothingOfItsOwnAndNamesItsMembers() {
        MultimodalDataset ds = TestData.small(0.2);
        CellSpec e = TestData.cell("ensemble", "mean");
        IllegalArgumentException x =
                assertThrows(IllegalArgumentException.class, () -> TrainingSession.create(e, ds));
        assertTrue(x.getMessage().contains("trains nothing of its own"), x.getMessage());
        List<CellSpec> members = EnsembleRecipe.members(e, ds.modalityNames());
        assertEquals(
                List.of("small.unimodal.a.s3", "small.unimodal.b.s3"),
                members.stream().map(CellSpec::key).toList());
        assertEquals(e.trainer(), members.get(0).trainer());
    }

    /** The sweep's seam: members restored from their checkpoints give the in-memory numbers. */
    @Test
    void membersFromCheckpointsScoreAsTheTrainedModels() throws Exception {
        MultimodalDataset ds = TestData.small(0.2);
        CellSpec e = TestData.cell("ensemble", "weighted", TestData.trainer().epochs(8).build());
        List<EnsembleMember> selected = new ArrayList<>();
        List<EnsembleMember> fromStore = new ArrayList<>();
        for (CellSpec m : EnsembleRecipe.members(e, ds.modalityNames())) {
            try (TrainingSession s = TrainingSession.create(m, ds)) {
                s.run(TrainingListener.NONE);
                try (var model = s.selectedModel()) {
                    selected.add(EnsembleMember.of(model, m.modality()));
                }
                fromStore.add(
                        EnsembleMember.fromCheckpoint(
                                new ByteArrayInputStream(ResumeCheck.checkpoint(s)), ds, true));
            }
        }
        LateFusionEnsemble.Result a = LateFusionEnsemble.evaluate("weighted", selected);
        LateFusionEnsemble.Result b = LateFusionEnsemble.evaluate("weighted", fromStore);
        assertEquals(a.weights(), b.weights());
        assertEquals(a.report().fixedAccuracy(), b.report().fixedAccuracy());
        assertTrue(
                a.report().fixedAccuracy() > 0.5,
                "ensemble accuracy " + a.report().fixedAccuracy());
    }
}
