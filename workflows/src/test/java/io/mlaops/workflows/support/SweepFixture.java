package io.mlaops.workflows.support;

import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.evaluation.EvaluationActivitiesImpl;
import io.mlaops.activities.staging.BuiltInDatasets;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.staging.StagingActivitiesImpl;
import io.mlaops.activities.store.FileBlobStore;
import io.mlaops.activities.tracking.TrackingActivitiesImpl;
import io.mlaops.activities.training.TrainingActivities;
import io.mlaops.activities.training.TrainingActivitiesImpl;
import io.mlaops.activities.training.TrainingObserver;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.data.synthetic.SyntheticModality;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.workflows.pipeline.TrainingPipelineWorkflowImpl;
import io.mlaops.workflows.sweep.AblationSweepWorkflowImpl;
import io.mlaops.workflows.sweep.RecipeChoice;
import io.mlaops.workflows.sweep.SweepSpec;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real activities (file store, in-process training) and an in-memory tracker on Temporal's test
 * environment.
 */
public final class SweepFixture implements AutoCloseable {
    public final TestWorkflowEnvironment env;
    public final FileBlobStore store;
    public final InMemoryTracker tracker = new InMemoryTracker();

    /**
     * @param dir store folder
     * @param training the training activities to register (wrap to inject faults)
     */
    public SweepFixture(
            Path dir, java.util.function.Function<TrainingActivities, TrainingActivities> training)
            throws IOException {
        env = TestWorkflowEnvironment.newInstance();
        store = new FileBlobStore(dir);
        BuiltInDatasets datasets =
                new BuiltInDatasets().register("tiny", List.of("a", "b"), SweepFixture::tiny);
        Worker wf = env.newWorker(TaskQueues.WORKFLOWS);
        wf.registerWorkflowImplementationTypes(
                AblationSweepWorkflowImpl.class,
                TrainingPipelineWorkflowImpl.class,
                io.mlaops.workflows.sweep.SweepPlanWorkflowImpl.class);
        Worker cpu = env.newWorker(TaskQueues.CPU);
        cpu.registerActivitiesImplementations(
                new StagingActivitiesImpl(store, datasets),
                new TrackingActivitiesImpl(tracker, Map.of("mla.git_commit", "test")),
                new io.mlaops.activities.cells.CellStoreActivitiesImpl(store));
        env.newWorker(TaskQueues.GPU_ENGINE)
                .registerActivitiesImplementations(
                        new io.mlaops.activities.cells.EngineActivitiesImpl(null));
        Worker gpu = env.newWorker(TaskQueues.GPU);
        gpu.registerActivitiesImplementations(
                training.apply(
                        new TrainingActivitiesImpl(store, 200, TrainingObserver.NONE)
                                .checkpointEvery(java.time.Duration.ofMillis(200))),
                new EvaluationActivitiesImpl(store));
        env.start();
    }

    /** A tiny two-modality data set that trains in a fraction of a second. */
    public static io.mlaops.model.data.MultimodalDataset tiny() {
        return SyntheticDatasetGenerator.generate(
                new SyntheticConfig(
                        4,
                        List.of(
                                new SyntheticModality("a", 12, 3.0, 0.5, 0, 0.0),
                                new SyntheticModality("b", 6, 1.5, 1.0, 1, 0.1)),
                        1.0,
                        128,
                        32,
                        64,
                        11));
    }

    /**
     * @return small trainer settings: 2 epochs, batch 32, hidden 16, d 8, Adam 1e-2
     */
    public static TrainerConfig trainer() {
        return TrainerConfig.builder()
                .epochs(2)
                .batchSize(32)
                .hiddenWidths(List.of(16))
                .featureDim(8)
                .optimizer(OptimizerSettings.adam(1e-2, 1e-4))
                .build();
    }

    /**
     * @param recipes recipe ids; MLA trains {@code mlaVariants}, the others their sweep defaults
     * @return a spec over the tiny data set
     */
    public static SweepSpec spec(
            List<String> recipes, List<String> mlaVariants, List<Long> seeds, int maxParallel) {
        return spec(recipes, mlaVariants, seeds, maxParallel, trainer());
    }

    /**
     * @return a spec over the tiny data set with these trainer settings
     */
    public static SweepSpec spec(
            List<String> recipes,
            List<String> mlaVariants,
            List<Long> seeds,
            int maxParallel,
            TrainerConfig trainer) {
        List<RecipeChoice> choices = new java.util.ArrayList<>();
        for (String r : recipes) {
            choices.add(
                    new RecipeChoice(
                            r,
                            r.equals("mla")
                                    ? mlaVariants
                                    : io.mlaops.model.recipe.Recipes.get(r).sweepVariants()));
        }
        return new SweepSpec(
                "test-sweep",
                List.of(new DatasetSource("tiny", "tiny", Map.of())),
                choices,
                seeds,
                trainer,
                Map.of(),
                maxParallel,
                "sample",
                List.of(),
                List.of(0.5),
                30);
    }

    /**
     * @return the content id of a cell of the tiny data set, as a sweep on this fixture resolves it
     */
    public static String cellId(io.mlaops.model.recipe.CellSpec cell) {
        return io.mlaops.model.cell.CellIdentity.id(
                cell,
                io.mlaops.model.data.DatasetFingerprint.sha256(tiny()),
                io.mlaops.model.cell.EngineIdentity.of(
                        ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice()));
    }

    @Override
    public void close() {
        env.close();
    }
}
