package io.mlaops.infra.cli;

import io.mlaops.activities.cells.CellState;
import io.mlaops.activities.cells.CellStore;
import io.mlaops.activities.cells.CellUse;
import io.mlaops.activities.cells.StoredCell;
import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EnsembleScoring;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.activities.store.FileBlobStore;
import io.mlaops.model.cell.CellIdentity;
import io.mlaops.model.cell.EngineIdentity;
import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.TrainingSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cells of {@code mla ablate}: a {@link CellStore} on a folder of the home, written as the
 * sweeps' workflows write theirs (record, final checkpoint, history, one evaluation per setting,
 * the use), so {@code mla cells ls --local} and {@code gc --local} read it the same way.
 */
final class AblateStore {
    private final CellStore cells;
    private final MultimodalDataset data;
    private final String hash;
    private final EngineIdentity engine;
    private final String view;
    private final EvaluationSettings settings;
    private final Optional<EvaluationSettings> scoring;

    /**
     * A finished cell taken from the store.
     *
     * @param metrics its numbers (last epoch, with the epoch selected on validation)
     * @param member the model as an ensemble member, when asked for; else null
     */
    record Kept(CellMetrics metrics, EnsembleScoring.Member member) {}

    /**
     * @param root the folder
     * @param data the data set every cell trains on
     * @param view this table's name, e.g. {@code ablate-synthetic}
     * @param weights {@code --fusion-weights}
     * @param df {@code --df}
     * @param dfBatchSize {@code --df-batch-size}: evaluations are kept for the sweeps' setting (64)
     *     or DF per sample; another batch size scores without keeping
     */
    AblateStore(
            Path root,
            MultimodalDataset data,
            String view,
            List<Double> weights,
            String df,
            int dfBatchSize)
            throws IOException {
        this.cells = new CellStore(new FileBlobStore(root));
        this.data = data;
        this.hash = DatasetFingerprint.sha256(data);
        this.engine = EngineIdentity.of(ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice());
        this.view = view;
        this.settings =
                new EvaluationSettings(
                        weights,
                        df,
                        List.of(),
                        io.mlaops.workflows.pipeline.TrainingPipelineWorkflowImpl.MISSING_SEED);
        this.scoring =
                df.equals("batch") && dfBatchSize != 64 ? Optional.empty() : Optional.of(settings);
    }

    /**
     * @return the scoring setting of this table (its batch size is the caller's configuration)
     */
    EvaluationSettings settings() {
        return settings;
    }

    String id(CellSpec c) {
        return CellIdentity.id(c, hash, engine);
    }

    /**
     * @param id the cell's content id
     * @param eval the fusion settings to score with
     * @param member whether the model is wanted as an ensemble member too
     * @return the cell when the store has it finished: its evaluation kept for this setting, or
     *     scored now from its final checkpoint (and kept)
     */
    Optional<Kept> finished(String id, EvaluationConfig eval, boolean member) throws IOException {
        Optional<StoredCell> rec = cells.get(id);
        if (rec.isEmpty() || rec.get().state() != CellState.FINISHED) {
            return Optional.empty();
        }
        Optional<CellMetrics> kept =
                scoring.isPresent()
                        ? cells.evaluation(id, scoring.get().key())
                        : Optional.<CellMetrics>empty();
        if (kept.isPresent() && !member) {
            cells.use(id, new CellUse(view, "ablate", "", ""));
            return Optional.of(new Kept(kept.get(), null));
        }
        byte[] ckpt;
        try {
            ckpt = cells.blobs().get(rec.get().checkpointKey());
        } catch (java.nio.file.NoSuchFileException
                | io.mlaops.activities.store.BlobIntegrityException e) {
            return Optional.empty(); // its checkpoint is gone: train it again
        }
        cells.use(id, new CellUse(view, "ablate", "", ""));
        try (TrainingSession s = TrainingSession.restore(new ByteArrayInputStream(ckpt), data)) {
            CellMetrics m = kept.isPresent() ? kept.get() : settings.score(s, eval);
            if (kept.isEmpty() && scoring.isPresent()) {
                cells.putEvaluation(id, scoring.get(), m);
            }
            return Optional.of(new Kept(m, member ? EnsembleScoring.Member.of(s) : null));
        }
    }

    /** Keeps a cell trained here: final checkpoint, history, evaluation, then the record. */
    void record(CellSpec c, String id, TrainingSession s, CellMetrics m, double trainSeconds)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeCheckpoint(out);
        String key = CellStore.checkpointPrefix(id) + "final.ckpt";
        String sum = cells.blobs().put(key, out.toByteArray());
        cells.putHistory(id, s.history());
        if (scoring.isPresent()) {
            cells.putEvaluation(id, scoring.get(), m);
        }
        cells.use(id, new CellUse(view, "ablate", "", ""));
        cells.put(
                new StoredCell(
                        id,
                        CellIdentity.canonical(c, hash, engine),
                        c,
                        hash,
                        engine,
                        CellIdentity.configurationId(c, hash, engine),
                        CellState.FINISHED,
                        c.trainer().epochs(),
                        0,
                        key,
                        sum,
                        trainSeconds,
                        Map.of("train", trainSeconds),
                        view,
                        "",
                        "",
                        "",
                        "",
                        "",
                        Instant.now().toString()));
    }
}
