package io.mlaops.infra.worker;

import io.mlaops.activities.store.FileBlobStore;
import io.mlaops.activities.training.TrainingObserver;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A device-queue worker process for {@link WorkerCrashResumeTest}: connects over gRPC to the
 * given Temporal address and serves training and evaluation from a file store.
 */
public final class DeviceWorkerMain {
    public static void main(String[] args) throws Exception {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(args[0]).build());
        WorkflowClient client = WorkflowClient.newInstance(stubs);
        MlaWorker worker = new MlaWorker(client, new WorkerSettings(Set.of("gpu"), 1, 200),
                new FileBlobStore(Path.of(args[1])), null, null, TrainingObserver.NONE, Map.of());
        worker.start();
        System.out.println("worker started");
        Thread.currentThread().join();
    }
}
