package io.mlaops.activities.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlaops.activities.training.TrainingResult;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.data.synthetic.SyntheticModality;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.ensemble.EnsembleRecipe;
import io.mlaops.model.train.EpochRecord;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.model.train.TrainingListener;
import io.mlaops.model.train.TrainingSession;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trained cell scored at its last and its selected epoch; the payloads stay readable. */
class SelectionScoringTest {
    private static MultimodalDataset data() {
        return SyntheticDatasetGenerator.generate(
                new SyntheticConfig(
                        4,
                        List.of(
                                new SyntheticModality("a", 12, 3.0, 0.5, 0, 0.0),
                                new SyntheticModality("b", 6, 1.5, 1.0, 1, 0.0)),
                        1.0,
                        160,
                        40,
                        60,
                        7));
    }

    private static CellSpec cell(String recipe, String variant, String modality) {
        TrainerConfig t =
                TrainerConfig.builder()
                        .epochs(6)
                        .batchSize(32)
                        .hiddenWidths(List.of(16))
                        .featureDim(8)
                        .optimizer(OptimizerSettings.adam(5e-2, 0))
                        .build();
        return new CellSpec("small", recipe, variant, modality, 3, t, Map.of());
    }

    private static final EvaluationSettings SETTINGS =
            new EvaluationSettings(List.of(), "sample", List.of(0.5), 1);

    @Test
    void aCellIsScoredAtItsSelectedAndItsLastEpoch() {
        MultimodalDataset ds = data();
        try (TrainingSession s = TrainingSession.create(cell("mla", "paper", ""), ds)) {
            s.run(TrainingListener.NONE);
            CellMetrics m = SETTINGS.score(s);
            SelectedMetrics sel = m.selection();
            assertNotNull(sel);
            assertEquals(s.selection().epoch() + 1, sel.epoch());
            assertEquals(6, sel.epochs());
            assertEquals("validation fused accuracy (DF)", sel.metric());
            assertTrue(sel.onValidation());
            assertSame(sel.test(), m.reported());
            assertNull(sel.test().selection());
            // the last epoch's numbers are the session's current model's
            assertEquals(s.evaluate(SETTINGS.config()).dynamicAccuracy(), m.dynamicAccuracy());
            assertEquals(2, sel.test().missing().size(), "the grid of the selected model too");
        }
    }

    @Test
    void anEnsembleIsScoredFromItsMembersCheckpoints() throws Exception {
        MultimodalDataset ds = data();
        CellSpec e = cell("ensemble", "weighted", "");
        List<EnsembleScoring.Member> members = new ArrayList<>();
        List<byte[]> checkpoints = new ArrayList<>();
        for (CellSpec m : EnsembleRecipe.members(e, ds.modalityNames())) {
            try (TrainingSession s = TrainingSession.create(m, ds)) {
                s.run(TrainingListener.NONE);
                members.add(EnsembleScoring.Member.of(s));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                s.writeCheckpoint(out);
                checkpoints.add(out.toByteArray());
            }
        }
        CellMetrics inMemory = EnsembleScoring.score(e, members);
        CellMetrics stored = EnsembleScoring.fromCheckpoints(e, ds, checkpoints);
        assertEquals(inMemory.fixedAccuracy(), stored.fixedAccuracy());
        assertEquals(inMemory.reported().fixedAccuracy(), stored.reported().fixedAccuracy());
        assertEquals(inMemory.reported().extra(), stored.reported().extra());
        assertEquals(0, stored.selection().epoch(), "each member at its own epoch");
        assertTrue(stored.selectedOnValidation());
        // a member of another seed is refused
        CellSpec other = e.withSeed(4);
        assertThrows(
                io.mlaops.model.train.CheckpointException.class,
                () -> EnsembleScoring.fromCheckpoints(other, ds, checkpoints));
    }

    /** Results recorded before selection (no selection, old history records) still read. */
    @Test
    void olderPayloadsStillDeserialise() throws Exception {
        String old =
                "{\"runKey\":\"k\",\"checkpointKey\":\"c\",\"checkpointSha256\":\"s\","
                        + "\"history\":[{\"epoch\":0,\"learningRate\":0.001,\"modalities\":{},"
                        + "\"validationFusedAccuracy\":0.5}],\"trainSeconds\":1.0,"
                        + "\"resumedFromEpoch\":0,\"device\":\"cpu\",\"worker\":\"w\","
                        + "\"metrics\":{\"fixedAccuracy\":0.8,\"dynamicAccuracy\":0.7,"
                        + "\"fixedMacroF1\":0.8,\"dynamicMacroF1\":0.7,\"modalityAccuracy\":{\"a\":0.6},"
                        + "\"modalityGap\":0.3,\"missing\":[],\"confusion\":[[1]],\"extra\":{}},"
                        + "\"timings\":{}}";
        TrainingResult r =
                DefaultDataConverter.newDefaultInstance()
                        .fromPayload(
                                DefaultDataConverter.newDefaultInstance()
                                        .toPayload(new ObjectMapper().readTree(old))
                                        .orElseThrow(),
                                TrainingResult.class,
                                TrainingResult.class);
        EpochRecord e = r.history().get(0);
        assertTrue(Double.isNaN(e.validationScore()));
        assertTrue(e.diagnostics().isEmpty());
        CellMetrics m = r.metrics().orElseThrow();
        assertNull(m.selection());
        assertSame(m, m.reported());
        assertTrue(!m.selectedOnValidation());
        // metrics.json is read back with a plain ObjectMapper (finishedCells)
        CellMetrics viaJson =
                new ObjectMapper()
                        .readValue(
                                new ObjectMapper().writeValueAsBytes(recorded()),
                                CellMetrics.class);
        assertEquals(0.25, viaJson.reported().fixedAccuracy());
    }

    private static CellMetrics recorded() {
        CellMetrics last =
                new CellMetrics(
                        0.5,
                        Double.NaN,
                        0.5,
                        Double.NaN,
                        Map.of("a", 0.5),
                        Double.NaN,
                        List.of(),
                        new int[][] {{1}},
                        Map.of());
        CellMetrics best =
                new CellMetrics(
                        0.25,
                        Double.NaN,
                        0.25,
                        Double.NaN,
                        Map.of("a", 0.25),
                        Double.NaN,
                        List.of(),
                        new int[][] {{1}},
                        Map.of());
        return last.withSelection(
                new SelectedMetrics(
                        3, 6, "validation fused accuracy (fixed fusion)", 0.9, 0.8, true, best));
    }
}
