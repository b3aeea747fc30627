package io.mlaops.infra.worker;

import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.evaluation.EvaluationActivitiesImpl;
import io.mlaops.activities.staging.DatasetFactory;
import io.mlaops.activities.staging.StagingActivitiesImpl;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.activities.tracking.ExperimentTracker;
import io.mlaops.activities.tracking.TrackingActivitiesImpl;
import io.mlaops.activities.training.TrainingActivitiesImpl;
import io.mlaops.activities.training.TrainingObserver;
import io.mlaops.infra.device.EngineDevices;
import io.mlaops.infra.metrics.ActivityAttempts;
import io.mlaops.infra.metrics.PlatformMetrics;
import io.mlaops.workflows.pipeline.TrainingPipelineWorkflowImpl;
import io.mlaops.workflows.sweep.AblationSweepWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A worker process: polls the task queues it serves and runs workflows and activities with the
 * given store and tracker. The device queue runs at most {@code maxTrainings} activities at once
 * (default one training per device; a process can run only one training at a time, so more
 * trainings need more processes: one worker per GPU).
 *
 * <p>{@link #shutdown(Duration)} is the graceful way down (SIGTERM in {@code mla worker}): running
 * trainings checkpoint at their current batch and hand over to another worker, polling stops, and
 * in-flight tasks get the grace period to finish.
 */
public final class MlaWorker implements AutoCloseable {
    private final WorkerFactory factory;
    private final String identity;
    private final ai.djl.Device device;
    private final ActivityAttempts attempts;
    private TrainingActivitiesImpl training;

    /**
     * @param client Temporal client
     * @param settings queues, limits, identity and device
     * @param store object store
     * @param tracker experiment tracker
     * @param datasets data set kinds this worker can stage
     * @param observer training metrics sink
     * @param workerTags tags added to every tracked run (e.g. git commit)
     * @throws IllegalArgumentException when the device queue is served and the device cannot be
     *     used
     */
    public MlaWorker(
            WorkflowClient client,
            WorkerSettings settings,
            BlobStore store,
            ExperimentTracker tracker,
            DatasetFactory datasets,
            TrainingObserver observer,
            Map<String, String> workerTags) {
        if (!settings.identity().isEmpty()) {
            client =
                    WorkflowClient.newInstance(
                            client.getWorkflowServiceStubs(),
                            WorkflowClientOptions.newBuilder(client.getOptions())
                                    .setIdentity(settings.identity())
                                    .build());
        }
        identity = client.getOptions().getIdentity();
        // the device is opened before any polling: a GPU worker without a usable GPU fails at start
        device = settings.queues().contains("gpu") ? EngineDevices.open(settings.device()) : null;
        // a worker that reports platform metrics also counts its activity attempts (retries)
        attempts = observer instanceof PlatformMetrics pm ? pm.attempts() : null;
        WorkerFactoryOptions.Builder factoryOptions = WorkerFactoryOptions.newBuilder();
        if (attempts != null) {
            factoryOptions.setWorkerInterceptors(attempts);
        }
        factory = WorkerFactory.newInstance(client, factoryOptions.build());
        if (settings.queues().contains("workflows")) {
            // a loaded machine (a training on every core) can stall the first workflow task past
            // the
            // default 1 s deadlock check while classes load: allow 10 s before calling it a
            // deadlock
            Worker w =
                    factory.newWorker(
                            TaskQueues.WORKFLOWS,
                            WorkerOptions.newBuilder()
                                    .setDefaultDeadlockDetectionTimeout(10_000)
                                    .build());
            w.registerWorkflowImplementationTypes(
                    AblationSweepWorkflowImpl.class,
                    io.mlaops.workflows.sweep.SweepPlanWorkflowImpl.class,
                    TrainingPipelineWorkflowImpl.class,
                    io.mlaops.workflows.promotion.PromotionPipelineWorkflowImpl.class);
        }
        if (settings.queues().contains("cpu")) {
            Worker w = factory.newWorker(TaskQueues.CPU);
            io.mlaops.activities.tracking.SweepReport report =
                    io.mlaops.activities.tracking.SweepReport.NONE;
            if (tracker instanceof io.mlaops.infra.services.MlflowTracker mlflow) {
                report =
                        (parent, table) ->
                                new io.mlaops.infra.dashboard.SweepReportRenderer(
                                                mlflow.uri(),
                                                io.mlaops.infra.dashboard.ChartJs.umd(
                                                        io.mlaops.infra.services.ServiceConfig
                                                                .fromEnv(System.getenv())
                                                                .home()
                                                                .resolve("cache")
                                                                .resolve("npm")))
                                        .render(parent, table);
            }
            register(
                    w,
                    new StagingActivitiesImpl(store, datasets, observer),
                    new TrackingActivitiesImpl(tracker, workerTags, report),
                    new io.mlaops.activities.cells.CellStoreActivitiesImpl(store));
        }
        if (settings.queues().contains("gpu")) {
            Worker w =
                    factory.newWorker(
                            TaskQueues.GPU,
                            WorkerOptions.newBuilder()
                                    .setMaxConcurrentActivityExecutionSize(settings.maxTrainings())
                                    .build());
            training =
                    new TrainingActivitiesImpl(
                                    store, settings.heartbeatMillis(), observer, device, identity)
                            .checkpointEvery(checkpointInterval(System.getenv()));
            register(w, training, new EvaluationActivitiesImpl(store, device));
            // which engine trains here, answered beside the device queue with slots of its own (a
            // cell's content id includes it; asking must not wait for a training to end)
            register(
                    factory.newWorker(TaskQueues.GPU_ENGINE),
                    new io.mlaops.activities.cells.EngineActivitiesImpl(device));
            if (tracker instanceof io.mlaops.activities.registry.ModelRegistry registry) {
                register(
                        w,
                        new io.mlaops.activities.registry.PromotionActivitiesImpl(
                                store, registry, tracker, observer, device));
            }
        }
    }

    /** Registers activity implementations, with their attempt counters when metrics are on. */
    private void register(Worker w, Object... implementations) {
        w.registerActivitiesImplementations(implementations);
        if (attempts != null) {
            attempts.expect(implementations);
        }
    }

    /**
     * @param env environment variables
     * @return {@code MLA_CHECKPOINT_SECONDS} (decimal, at least 0.1), default 30 s: the training
     *     time between two checkpoints, which bounds what a crashed worker loses
     * @throws IllegalArgumentException naming the variable when it is not such a number
     */
    public static java.time.Duration checkpointInterval(Map<String, String> env) {
        String v = env.get("MLA_CHECKPOINT_SECONDS");
        if (v == null || v.isBlank()) {
            return java.time.Duration.ofSeconds(30);
        }
        try {
            double s = Double.parseDouble(v.trim());
            if (!(s >= 0.1) || s > 86_400) {
                throw new NumberFormatException();
            }
            return java.time.Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "MLA_CHECKPOINT_SECONDS '"
                            + v
                            + "': expected seconds between 0.1 and 86400, e.g. 30");
        }
    }

    /**
     * @param interval training time between checkpoints (instead of {@code MLA_CHECKPOINT_SECONDS})
     * @return this
     * @throws IllegalStateException when this worker does not serve the device queue
     */
    public MlaWorker checkpointEvery(java.time.Duration interval) {
        if (training == null) {
            throw new IllegalStateException(
                    "this worker trains nothing: it does not serve the gpu queue");
        }
        training.checkpointEvery(interval);
        return this;
    }

    /** Starts polling. */
    public void start() {
        factory.start();
    }

    /**
     * @return this worker's identity in Temporal (and in training results)
     */
    public String identity() {
        return identity;
    }

    /**
     * @return the device trainings run on, or null when this worker does not serve the device queue
     */
    public ai.djl.Device device() {
        return device;
    }

    /**
     * Graceful stop: running trainings checkpoint at their current batch and fail their attempt as
     * retryable (another worker resumes from that checkpoint at once), polling stops, and in-flight
     * tasks get {@code grace} to finish; what is left then is interrupted.
     *
     * @param grace time allowed for in-flight tasks
     * @return whether everything finished within it
     */
    public boolean shutdown(Duration grace) {
        if (training != null) {
            training.drain();
        }
        factory.shutdown();
        factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        boolean done = factory.isTerminated();
        if (!done) {
            factory.shutdownNow();
        }
        return done;
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
