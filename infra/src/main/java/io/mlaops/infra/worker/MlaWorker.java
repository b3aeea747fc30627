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
import io.mlaops.workflows.pipeline.TrainingPipelineWorkflowImpl;
import io.mlaops.workflows.sweep.AblationSweepWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.Map;

/**
 * A worker process: polls the task queues it serves and runs workflows and activities with the
 * given store and tracker. The device queue runs at most {@code maxTrainings} activities at once
 * (default one training per device; a process can run only one training at a time, so more
 * trainings need more processes).
 */
public final class MlaWorker implements AutoCloseable {
    private final WorkerFactory factory;

    /**
     * @param client Temporal client
     * @param settings queues and limits
     * @param store object store
     * @param tracker experiment tracker
     * @param datasets data set kinds this worker can stage
     * @param observer training metrics sink
     * @param workerTags tags added to every tracked run (e.g. git commit)
     */
    public MlaWorker(WorkflowClient client, WorkerSettings settings, BlobStore store, ExperimentTracker tracker,
            DatasetFactory datasets, TrainingObserver observer, Map<String, String> workerTags) {
        factory = WorkerFactory.newInstance(client);
        if (settings.queues().contains("workflows")) {
            // a loaded machine (a training on every core) can stall the first workflow task past the
            // default 1 s deadlock check while classes load: allow 10 s before calling it a deadlock
            Worker w = factory.newWorker(TaskQueues.WORKFLOWS, WorkerOptions.newBuilder()
                    .setDefaultDeadlockDetectionTimeout(10_000).build());
            w.registerWorkflowImplementationTypes(AblationSweepWorkflowImpl.class, TrainingPipelineWorkflowImpl.class,
                    io.mlaops.workflows.promotion.PromotionPipelineWorkflowImpl.class);
        }
        if (settings.queues().contains("cpu")) {
            Worker w = factory.newWorker(TaskQueues.CPU);
            io.mlaops.activities.tracking.SweepReport report = io.mlaops.activities.tracking.SweepReport.NONE;
            if (tracker instanceof io.mlaops.infra.services.MlflowTracker mlflow) {
                report = (parent, table) -> new io.mlaops.infra.dashboard.SweepReportRenderer(mlflow.uri(),
                        io.mlaops.infra.dashboard.ChartJs.umd(io.mlaops.infra.services.ServiceConfig.fromEnv(System.getenv()).home()
                                .resolve("cache").resolve("npm"))).render(parent, table);
            }
            w.registerActivitiesImplementations(new StagingActivitiesImpl(store, datasets, observer),
                    new TrackingActivitiesImpl(tracker, workerTags, report));
        }
        if (settings.queues().contains("gpu")) {
            Worker w = factory.newWorker(TaskQueues.GPU, WorkerOptions.newBuilder()
                    .setMaxConcurrentActivityExecutionSize(settings.maxTrainings()).build());
            w.registerActivitiesImplementations(new TrainingActivitiesImpl(store, settings.heartbeatMillis(), observer),
                    new EvaluationActivitiesImpl(store));
            if (tracker instanceof io.mlaops.activities.registry.ModelRegistry registry) {
                w.registerActivitiesImplementations(new io.mlaops.activities.registry.PromotionActivitiesImpl(store, registry, tracker, observer));
            }
        }
    }

    /** Starts polling. */
    public void start() {
        factory.start();
    }

    @Override
    public void close() {
        factory.shutdown();
        factory.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
