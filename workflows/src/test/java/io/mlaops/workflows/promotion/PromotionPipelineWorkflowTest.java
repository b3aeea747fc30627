package io.mlaops.workflows.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.evaluation.EvaluationActivitiesImpl;
import io.mlaops.activities.registry.ModelRegistry;
import io.mlaops.activities.registry.PromotionActivitiesImpl;
import io.mlaops.activities.staging.BuiltInDatasets;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.staging.StagingActivitiesImpl;
import io.mlaops.activities.store.FileBlobStore;
import io.mlaops.activities.tracking.TrackingActivitiesImpl;
import io.mlaops.activities.training.TrainingActivitiesImpl;
import io.mlaops.activities.training.TrainingObserver;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.workflows.support.InMemoryRegistry;
import io.mlaops.workflows.support.InMemoryTracker;
import io.mlaops.workflows.support.SweepFixture;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled pipeline started directly on Temporal's test environment: the alias {@code
 * champion} moves only when a retrain is better by the margin on the same test set.
 */
class PromotionPipelineWorkflowTest {
    private static CellSpec trainer(int epochs, double lr) {
        return new CellSpec(
                        "tiny",
                        "mla",
                        "paper",
                        "",
                        0,
                        TrainerConfig.builder()
                                .epochs(epochs)
                                .batchSize(32)
                                .hiddenWidths(List.of(16))
                                .featureDim(8)
                                .optimizer(OptimizerSettings.adam(lr, 0))
                                .build(),
                        Map.of())
                .validate();
    }

    private static PipelineOutcome run(WorkflowClient c, String id, PipelineSpec spec) {
        return c.newWorkflowStub(
                        PromotionPipelineWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .setWorkflowId(id)
                                .build())
                .run(spec);
    }

    @Test
    void championMovesOnlyOnImprovement(@TempDir Path dir) throws Exception {
        InMemoryTracker tracker = new InMemoryTracker();
        InMemoryRegistry registry = new InMemoryRegistry();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            FileBlobStore store = new FileBlobStore(dir);
            BuiltInDatasets data =
                    new BuiltInDatasets().register("tiny", List.of("a", "b"), SweepFixture::tiny);
            env.newWorker(TaskQueues.WORKFLOWS)
                    .registerWorkflowImplementationTypes(
                            PromotionPipelineWorkflowImpl.class,
                            io.mlaops.workflows.pipeline.TrainingPipelineWorkflowImpl.class);
            env.newWorker(TaskQueues.CPU)
                    .registerActivitiesImplementations(
                            new StagingActivitiesImpl(store, data),
                            new TrackingActivitiesImpl(tracker, Map.of()),
                            new io.mlaops.activities.cells.CellStoreActivitiesImpl(store));
            env.newWorker(TaskQueues.GPU_ENGINE)
                    .registerActivitiesImplementations(
                            new io.mlaops.activities.cells.EngineActivitiesImpl(null));
            Worker gpu = env.newWorker(TaskQueues.GPU);
            gpu.registerActivitiesImplementations(
                    new TrainingActivitiesImpl(store, 200, TrainingObserver.NONE),
                    new EvaluationActivitiesImpl(store),
                    new PromotionActivitiesImpl(store, registry, tracker));
            env.start();
            WorkflowClient c = env.getWorkflowClient();
            DatasetSource source = new DatasetSource("tiny", "tiny", Map.of());

            // 1. no champion yet: the first model becomes champion
            PipelineOutcome first =
                    run(
                            c,
                            "p1",
                            new PipelineSpec(
                                    "nightly",
                                    source,
                                    trainer(6, 1e-2),
                                    "mla-tiny",
                                    "dynamic",
                                    0.01,
                                    30));
            assertTrue(first.decision().promoted());
            assertEquals(
                    "1",
                    registry.byAlias("mla-tiny", ModelRegistry.CHAMPION).orElseThrow().version());

            // 2. a deliberately worse retrain (one epoch, tiny learning rate): champion stays
            PipelineOutcome worse =
                    run(
                            c,
                            "p2",
                            new PipelineSpec(
                                    "nightly",
                                    source,
                                    trainer(1, 1e-5),
                                    "mla-tiny",
                                    "dynamic",
                                    0.01,
                                    30));
            assertFalse(worse.decision().promoted());
            assertTrue(worse.decision().candidateScore() < worse.decision().championScore());
            assertEquals(
                    first.decision().candidateScore(),
                    worse.decision().championScore(),
                    1e-12,
                    "the champion is re-scored on the same test set");
            assertEquals(
                    "1",
                    registry.byAlias("mla-tiny", ModelRegistry.CHAMPION).orElseThrow().version());
            assertEquals(1, registry.versions().size());
            io.mlaops.workflows.sweep.HistoryRecorder.save(c, "p2", "promotion-pipeline.json");
            InMemoryTracker.Run run =
                    tracker.runs().stream()
                            .filter(r -> r.id.equals(worse.runId()))
                            .findFirst()
                            .orElseThrow();
            assertEquals("kept champion", run.tags.get("mla.promotion_decision"));
            assertEquals(
                    Double.toString(worse.decision().championScore()),
                    run.tags.get("mla.promotion_champion_score"));

            // 3. the same settings as the champion are not better by the margin: champion stays
            PipelineOutcome same =
                    run(
                            c,
                            "p3",
                            new PipelineSpec(
                                    "nightly",
                                    source,
                                    trainer(6, 1e-2),
                                    "mla-tiny",
                                    "dynamic",
                                    0.01,
                                    30));
            assertFalse(same.decision().promoted());
            // the same settings on the same data are the same cell: taken from the store
            assertEquals(first.runId(), same.runId());

            // 4. a failing run fails visibly and never touches the alias
            PipelineSpec broken =
                    new PipelineSpec(
                            "nightly",
                            new DatasetSource("nope", "nope", Map.of()),
                            trainer(6, 1e-2),
                            "mla-tiny",
                            "dynamic",
                            0.01,
                            30);
            assertThrows(WorkflowFailedException.class, () -> run(c, "p4", broken));
            assertEquals(
                    "1",
                    registry.byAlias("mla-tiny", ModelRegistry.CHAMPION).orElseThrow().version());

            // 5. a margin below zero accepts any candidate: the alias moves to version 2
            PipelineOutcome better =
                    run(
                            c,
                            "p5",
                            new PipelineSpec(
                                    "nightly",
                                    source,
                                    trainer(12, 1e-2),
                                    "mla-tiny",
                                    "dynamic",
                                    -1,
                                    30));
            assertTrue(better.decision().promoted());
            assertEquals(
                    "2",
                    registry.byAlias("mla-tiny", ModelRegistry.CHAMPION).orElseThrow().version());
        }
    }
}
