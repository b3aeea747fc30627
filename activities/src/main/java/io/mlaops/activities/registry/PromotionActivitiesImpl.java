package io.mlaops.activities.registry;

import io.mlaops.activities.common.Failures;
import io.mlaops.activities.staging.StagingActivitiesImpl;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.activities.tracking.ExperimentTracker;
import io.mlaops.activities.tracking.TrackedRun;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.train.TrainingSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores the current champion on the candidate's test set (the data may have a new version), and
 * registers the candidate and moves the alias {@code champion} only when the candidate is better by
 * the margin. The decision and both scores are tags of the candidate's run; a retried call returns
 * the recorded decision instead of deciding twice.
 */
public final class PromotionActivitiesImpl implements PromotionActivities {
    private final BlobStore store;
    private final ModelRegistry registry;
    private final ExperimentTracker tracker;
    private final io.mlaops.activities.training.TrainingObserver observer;
    private final ai.djl.Device device;

    public PromotionActivitiesImpl(
            BlobStore store, ModelRegistry registry, ExperimentTracker tracker) {
        this(store, registry, tracker, io.mlaops.activities.training.TrainingObserver.NONE);
    }

    /**
     * @param observer receives each decision (worker metrics)
     */
    public PromotionActivitiesImpl(
            BlobStore store,
            ModelRegistry registry,
            ExperimentTracker tracker,
            io.mlaops.activities.training.TrainingObserver observer) {
        this(store, registry, tracker, observer, null);
    }

    /**
     * @param device where models are scored (the worker's training device); null: the engine's
     *     default
     */
    public PromotionActivitiesImpl(
            BlobStore store,
            ModelRegistry registry,
            ExperimentTracker tracker,
            io.mlaops.activities.training.TrainingObserver observer,
            ai.djl.Device device) {
        this.device = device;
        this.store = store;
        this.registry = registry;
        this.tracker = tracker;
        this.observer = observer;
    }

    @Override
    public PromotionDecision decide(PromotionRequest r) {
        try {
            Optional<PromotionDecision> recorded = recorded(r);
            if (recorded.isPresent()) {
                return recorded.get();
            }
            Optional<ModelVersionInfo> champion =
                    registry.byAlias(r.model(), ModelRegistry.CHAMPION);
            double championScore = Double.NaN;
            if (champion.isPresent()) {
                String ckpt = champion.get().tags().get("mla.checkpoint");
                if (ckpt == null) {
                    throw new IllegalArgumentException(
                            "champion version "
                                    + champion.get().version()
                                    + " of "
                                    + r.model()
                                    + " has no mla.checkpoint tag: it was not registered by mla");
                }
                championScore = score(ckpt, r.dataset(), r.metric());
            }
            boolean better = champion.isEmpty() || r.candidateScore() >= championScore + r.margin();
            String version = "";
            if (better) {
                Map<String, String> tags = new LinkedHashMap<>();
                tags.put("mla.checkpoint", r.candidateCheckpoint());
                tags.put("mla.score", Double.toString(r.candidateScore()));
                tags.put("mla.metric", r.metric());
                tags.put("mla.dataset_hash", r.dataset().contentHash());
                version =
                        registry.registerVersion(
                                r.model(),
                                r.candidateRunId(),
                                "runs:/" + r.candidateRunId() + "/model",
                                tags);
                registry.setAlias(r.model(), ModelRegistry.CHAMPION, version);
            }
            PromotionDecision d =
                    new PromotionDecision(
                            better,
                            version,
                            r.candidateScore(),
                            championScore,
                            champion.map(ModelVersionInfo::version).orElse(""));
            Map<String, String> runTags = new LinkedHashMap<>();
            runTags.put("mla.promotion_decision", better ? "promoted" : "kept champion");
            runTags.put("mla.promotion_candidate_score", Double.toString(d.candidateScore()));
            runTags.put("mla.promotion_champion_score", Double.toString(d.championScore()));
            runTags.put("mla.promotion_previous_version", d.previousVersion());
            runTags.put("mla.promotion_version", d.version());
            runTags.put("mla.promotion_margin", Double.toString(r.margin()));
            runTags.put(PIPELINE_TAG, pipeline());
            tracker.log(r.candidateRunId(), Map.of(), List.of(), runTags);
            observer.promotionDecided(
                    r.model(), better, better ? d.candidateScore() : d.championScore());
            return d;
        } catch (IllegalArgumentException e) {
            throw Failures.classify(e);
        } catch (io.mlaops.model.train.CheckpointException e) {
            throw io.temporal.failure.ApplicationFailure.newNonRetryableFailureWithCause(
                    e.getMessage(), Failures.BAD_INPUT, e);
        } catch (IOException e) {
            throw new UncheckedIOException("promotion of run " + r.candidateRunId() + " failed", e);
        }
    }

    /** Tag of the candidate's run: the pipeline run whose decision its other tags hold. */
    static final String PIPELINE_TAG = "mla.promotion_pipeline";

    /**
     * @return the pipeline run deciding: this activity's workflow (a cell taken from the store is
     *     the candidate of every pipeline run that asks for it, each deciding for itself)
     */
    private static String pipeline() {
        return io.temporal.activity.Activity.getExecutionContext().getInfo().getWorkflowId();
    }

    private Optional<PromotionDecision> recorded(PromotionRequest r) throws IOException {
        for (TrackedRun run : tracker.findRuns(r.experimentId(), Map.of())) {
            if (run.runId().equals(r.candidateRunId())
                    && run.tags().containsKey("mla.promotion_decision")
                    && pipeline().equals(run.tags().get(PIPELINE_TAG))) {
                Map<String, String> t = run.tags();
                return Optional.of(
                        new PromotionDecision(
                                "promoted".equals(t.get("mla.promotion_decision")),
                                t.getOrDefault("mla.promotion_version", ""),
                                Double.parseDouble(t.get("mla.promotion_candidate_score")),
                                Double.parseDouble(t.get("mla.promotion_champion_score")),
                                t.getOrDefault("mla.promotion_previous_version", "")));
            }
        }
        return Optional.empty();
    }

    private double score(
            String checkpointKey, io.mlaops.activities.staging.StagedDataset staged, String metric)
            throws IOException {
        MultimodalDataset ds = StagingActivitiesImpl.load(store, staged);
        try (TrainingSession s =
                (device == null
                        ? TrainingSession.restoreForEvaluation(
                                new ByteArrayInputStream(store.get(checkpointKey)), ds)
                        : TrainingSession.restoreForEvaluation(
                                new ByteArrayInputStream(store.get(checkpointKey)), ds, device))) {
            EvaluationReport rep = s.evaluate(EvaluationConfig.defaults());
            return "fixed".equals(metric) ? rep.fixedAccuracy() : rep.dynamicAccuracy();
        }
    }
}
