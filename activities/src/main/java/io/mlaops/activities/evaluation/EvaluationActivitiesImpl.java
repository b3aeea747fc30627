package io.mlaops.activities.evaluation;

import io.mlaops.activities.common.Failures;
import io.mlaops.activities.staging.StagingActivitiesImpl;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.train.TrainingSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Restores a cell's final checkpoint and scores it on the test split. */
public final class EvaluationActivitiesImpl implements EvaluationActivities {
    private final BlobStore store;
    private final ai.djl.Device device;

    public EvaluationActivitiesImpl(BlobStore store) {
        this(store, null);
    }

    /**
     * @param device where models are scored (the worker's training device); null: the engine's
     *     default
     */
    public EvaluationActivitiesImpl(BlobStore store, ai.djl.Device device) {
        this.store = store;
        this.device = device;
    }

    @Override
    public CellMetrics evaluate(EvaluationRequest r) {
        try {
            MultimodalDataset ds = StagingActivitiesImpl.load(store, r.dataset());
            try (TrainingSession s =
                    (device == null
                            ? TrainingSession.restore(
                                    new ByteArrayInputStream(store.get(r.checkpointKey())), ds)
                            : TrainingSession.restore(
                                    new ByteArrayInputStream(store.get(r.checkpointKey())),
                                    ds,
                                    device))) {
                return new EvaluationSettings(
                                r.fusionWeights(),
                                r.dfVariant(),
                                r.missingFractions(),
                                r.missingSeed())
                        .score(s);
            }
        } catch (IllegalArgumentException e) {
            throw Failures.classify(e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "evaluating " + r.cellKey() + " from " + store.describe(), e);
        }
    }
}
