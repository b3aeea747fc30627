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

    /** Two members; b lacks the third test sample. */
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

    /**
     * With two classes the mean and the product always agree ({@code p_a + p_b > 1} iff {@code p_a
     * p_b > (1 - p_a)(1 - p_b)}); with three they need not: a (0.8, 0.19, 0.01) and b (0.01, 0.5,
     * 0.49) average to (0.405, 0.345, 0.25), class 0, while their product (0.008, 0.095, 0.0049)
     * says class 1: one member's near-zero vetoes a class.
     */
    @Test
    void theProductLetsOneMemberVetoAClassTheMeanDoesNot() {
        int[] label = {1};
        boolean[] one = {true};
        double[][] none = {{1.0 / 3, 1.0 / 3, 1.0 / 3}};
        EnsembleMember a =
                new EnsembleMember(
                        "a",
                        outputs("a", none, label, one),
                        outputs("a", new double[][] {{.8, .19, .01}}, label, one));
        EnsembleMember b =
                new EnsembleMember(
                        "b",
                        outputs("b", none, label, one),
                        outputs("b", new double[][] {{.01, .5, .49}}, label, one));
        assertEquals(
                0.0, LateFusionEnsemble.evaluate("mean", List.of(a, b)).report().fixedAccuracy());
        assertEquals(
                1.0,
                LateFusionEnsemble.evaluate("product", List.of(a, b)).report().fixedAccuracy());
    }

    /**
     * Validation: a gives (0.8, 0.2) on four samples of which three are class 0; b gives (0.5, 0.5)
     * (no information: its weight has no gradient and stays 1). The pooled log-odds are {@code w_a
     * ln 4}; the likelihood {@code 3 ln s(w_a ln 4) + ln s(-w_a ln 4)} peaks at {@code s = 3/4}:
     * {@code w_a = ln 3 / ln 4 = 0.792481}, normalised {@code 0.792481 / 1.792481 = 0.442114}.
     */
    @Test
    void theWeightedVariantMaximisesTheValidationLikelihood() {
        int[] val = {0, 0, 0, 1};
        boolean[] all4 = {true, true, true, true};
        EnsembleMember a =
                new EnsembleMember(
                        "a",
                        outputs(
                                "a",
                                new double[][] {{.8, .2}, {.8, .2}, {.8, .2}, {.8, .2}},
                                val,
                                all4),
                        outputs("a", new double[][] {{.7, .3}, {.4, .6}, {.6, .4}}, TEST, ALL));
        EnsembleMember b =
                new EnsembleMember(
                        "b",
                        outputs(
                                "b",
                                new double[][] {{.5, .5}, {.5, .5}, {.5, .5}, {.5, .5}},
                                val,
                                all4),
                        outputs("b", new double[][] {{.5, .5}, {.5, .5}, {.5, .5}}, TEST, ALL));
        LateFusionEnsemble.Result r = LateFusionEnsemble.evaluate("weighted", List.of(a, b));
        assertTrue(r.weightsFromValidation());
        assertEquals(0.442114, r.weights().get("a"), 1e-5);
        assertEquals(1 - 0.442114, r.weights().get("b"), 1e-5);
        // b adds nothing to any class: a's predictions (1 wrong, 0 wrong, 0 right) decide
        assertEquals(1.0 / 3, r.report().fixedAccuracy(), 1e-12);
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
        // equal weights: the product; (0.14, 0.24) -> 1, (0.36, 0.06) -> 0, a alone -> 0: all right
        assertEquals(1.0, r.report().fixedAccuracy());
    }

    @Test
    void badInputIsNamed() {
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> LateFusionEnsemble.evaluate("median", members()))
                        .getMessage()
                        .contains("expected mean, product or weighted"));
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
