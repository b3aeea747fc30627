package io.mlaops.infra.worker;

import io.mlaops.activities.training.TrainingObserver;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Map;
import java.util.Set;

/**
 * A device-queue worker process for {@link WorkerCrashResumeTest}: connects over gRPC to the given
 * Temporal address and serves training and evaluation with the given S3 store (args: temporal
 * target, S3 endpoint, access key, secret key, bucket).
 */
public final class DeviceWorkerMain {
    public static void main(String[] args) throws Exception {
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder().setTarget(args[0]).build());
        WorkflowClient client = WorkflowClient.newInstance(stubs);
        MlaWorker worker =
                new MlaWorker(
                        client,
                        new WorkerSettings(Set.of("gpu"), 1, 200),
                        new io.mlaops.infra.services.S3BlobStore(
                                args[1],
                                args[2],
                                io.mlaops.infra.services.Secret.of(args[3]),
                                args[4]),
                        null,
                        null,
                        TrainingObserver.NONE,
                        Map.of());
        worker.start();
        System.out.println("worker started");
        Thread.currentThread().join();
    }
}
