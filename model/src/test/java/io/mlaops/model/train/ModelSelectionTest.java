package io.mlaops.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.eval.SplitOutputs;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Fusion;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Selection on validation: which epoch, its state, its test numbers, and without a validation
 * split.
 */
class ModelSelectionTest {
    /** Seven epochs at a high rate: validation accuracy goes up and down, so best != last. */
    static CellSpec noisy(String recipe, String variant) {
        return TestData.cell(
                recipe,
                variant,
                TestData.trainer().epochs(7).optimizer(OptimizerSettings.adam(5e-2, 0)).build());
    }

    /** The epoch the rule must pick from a history: the highest score, ties the earliest. */
    static int expectedBest(List<EpochRecord> history) {
        int best = -1;
        for (EpochRecord r : history) {
            if (!Double.isNaN(r.validationScore())
                    && (best < 0 || r.validationScore() > history.get(best).validationScore())) {
                best = r.epoch();
            }
        }
        return best;
    }

    @Test
    void theSelectedEpochIsTheBestValidationScoreTiesTheEarliest() {
        MultimodalDataset ds = TestData.small(0.2);
        for (String[] c : new String[][] {{"mla", "paper"}, {"mla", "off"}, {"joint", ""}}) {
            try (TrainingSession s = TrainingSession.create(noisy(c[0], c[1]), ds)) {
                s.run(TrainingListener.NONE);
                ModelSelection sel = s.selection();
                assertTrue(sel.onValidation());
                assertEquals(expectedBest(s.history()), sel.epoch(), c[0] + " " + c[1]);
                assertEquals(s.history().get(sel.epoch()).validationScore(), sel.score());
                assertEquals(7, sel.epochs());
                // MLA with HGM is selected with DF, the others with fixed fusion
                assertEquals("paper".equals(c[1]) ? Fusion.DYNAMIC : Fusion.FIXED, sel.fusion());
            }
        }
    }

    @Test
    void theScoreIsTheRecipesFusionOnValidation() {
        MultimodalDataset ds = TestData.small(0.2);
        try (TrainingSession s = TrainingSession.create(noisy("mla", "paper"), ds)) {
            s.run(new MlaTrainerTest.StopAfter(s, 1));
            EvaluationReport val =
                    io.mlaops.model.eval.Evaluator.evaluate(
                            s.outputs(ds.validation()), EvaluationConfig.defaults());
            assertEquals(val.dynamicAccuracy(), s.history().get(0).validationScore());
            assertEquals(val.fixedAccuracy(), s.history().get(0).validationFusedAccuracy());
        }
    }

    /**
     * The selected model is the model of that epoch: a run trained for exactly that many epochs
     * scores bitwise the same on test (training never depends on the number of epochs to come).
     */
    @Test
    void theSelectedModelIsBitwiseTheModelOfThatEpoch() {
        MultimodalDataset ds = TestData.small(0.2);
        CellSpec cell = noisy("mmpareto", "");
        int best;
        float[] selectedLogits;
        EvaluationReport selectedReport;
        try (TrainingSession s = TrainingSession.create(cell, ds)) {
            s.run(TrainingListener.NONE);
            best = s.selection().epoch();
            assertTrue(best < 6, "the test needs a run whose best epoch is not the last");
            try (TrainedModel m = s.selectedModel()) {
                SplitOutputs test = m.testOutputs();
                selectedLogits = test.logits().get("a");
                selectedReport = m.evaluate(EvaluationConfig.defaults(), test);
            }
            EvaluationReport last = s.evaluate(EvaluationConfig.defaults());
            assertFalse(
                    java.util.Arrays.equals(selectedLogits, s.testOutputs().logits().get("a")),
                    "selected and last models should differ here");
            assertTrue(Double.isFinite(last.fixedAccuracy()));
        }
        CellSpec shorter =
                new CellSpec(
                        cell.dataset(),
                        cell.recipe(),
                        cell.variant(),
                        cell.modality(),
                        cell.seed(),
                        cell.trainer().toBuilder().epochs(best + 1).build(),
                        cell.options());
        try (TrainingSession s = TrainingSession.create(shorter, ds)) {
            s.run(TrainingListener.NONE);
            assertSame(s.lastModel(), s.selectedModel(), "the last epoch is the best: no copy");
            SplitOutputs test = s.testOutputs();
            assertArrayEquals(selectedLogits, test.logits().get("a"));
            EvaluationReport r = s.evaluate(EvaluationConfig.defaults(), test);
            assertEquals(selectedReport.fixedAccuracy(), r.fixedAccuracy());
            // the recipe's own numbers (MMPareto's heads) come from the selected epoch too
            assertEquals(selectedReport.extra(), r.extra());
        }
    }

    @Test
    void withoutAValidationSplitTheLastEpochIsReportedAndSaidSo() {
        MultimodalDataset full = TestData.small(0.2);
        MultimodalDataset ds =
                full.toBuilder()
                        .split(
                                "validation",
                                MultimodalSplit.builder("validation")
                                        .modality("a", 12, new float[0])
                                        .modality("b", 6, new float[0])
                                        .labels(new int[0])
                                        .build())
                        .build();
        try (TrainingSession s = TrainingSession.create(noisy("mla", "paper"), ds)) {
            s.run(TrainingListener.NONE);
            for (EpochRecord r : s.history()) {
                assertTrue(Double.isNaN(r.validationScore()));
            }
            ModelSelection sel = s.selection();
            assertFalse(sel.onValidation());
            assertEquals(6, sel.epoch());
            assertTrue(Double.isNaN(sel.score()));
            assertTrue(sel.describe().contains("no validation split"), sel.describe());
            assertSame(s.lastModel(), s.selectedModel());
        }
    }

    @Test
    void nothingIsSelectedBeforeTheFirstEpoch() {
        try (TrainingSession s =
                TrainingSession.create(noisy("mla", "paper"), TestData.small(0.2))) {
            assertThrows(IllegalStateException.class, s::selection);
        }
    }

    /**
     * The best epoch's state is in the checkpoint: a run stopped after its best epoch (mid-epoch,
     * later), restored and finished, selects the same epoch with bitwise the same model.
     */
    @Test
    void aResumedRunSelectsBitwiseWhatAnUninterruptedOneDoes() throws Exception {
        MultimodalDataset ds = TestData.small(0.2);
        CellSpec cell = noisy("mla", "paper");
        ModelSelection straight;
        float[] straightLogits;
        try (TrainingSession s = TrainingSession.create(cell, ds)) {
            s.run(TrainingListener.NONE);
            straight = s.selection();
            try (TrainedModel m = s.selectedModel()) {
                straightLogits = m.testOutputs().logits().get("b");
            }
        }
        for (int stopEpoch : new int[] {straight.epoch() + 1, 5}) {
            byte[] mid;
            try (TrainingSession s = TrainingSession.create(cell, ds)) {
                s.run(
                        new TrainingListener() {
                            @Override
                            public boolean stopRequested() {
                                return s.epoch() == stopEpoch && s.batch() == 2;
                            }
                        });
                mid = ResumeCheck.checkpoint(s);
            }
            try (TrainingSession s = TrainingSession.restore(new ByteArrayInputStream(mid), ds)) {
                s.run(TrainingListener.NONE);
                assertEquals(straight, s.selection());
                try (TrainedModel m = s.selectedModel()) {
                    assertArrayEquals(straightLogits, m.testOutputs().logits().get("b"));
                }
            }
        }
    }

    @Test
    void historyRecordsKeepTheirDefaultsWhenBuiltTheEarlierWay() {
        EpochRecord r = new EpochRecord(0, 0.1, Map.of(), 0.5);
        assertTrue(Double.isNaN(r.validationScore()));
        assertTrue(r.diagnostics().isEmpty());
    }
}
