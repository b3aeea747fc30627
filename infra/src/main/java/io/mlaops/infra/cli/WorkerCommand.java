package io.mlaops.infra.cli;

import io.mlaops.activities.training.TrainingObserver;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.infra.worker.WorkerSettings;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mla worker --queues cpu,gpu --max-trainings N}: serve task queues until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run a worker for the given task queues until stopped.")
final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--queues", split = ",", defaultValue = "workflows,cpu,gpu",
            description = "Any of workflows, cpu (staging, tracking), gpu (training, evaluation). Default: ${DEFAULT-VALUE}")
    List<String> queues;

    @Option(names = "--max-trainings", defaultValue = "1", description = "Trainings at once on the device queue. Default: ${DEFAULT-VALUE}")
    int maxTrainings;

    @Override
    public Integer call() throws Exception {
        WorkerSettings settings = new WorkerSettings(new HashSet<>(queues), maxTrainings, 2000);
        try (Stack stack = Platform.connect();
                MlaWorker worker = new MlaWorker(stack.workflowClient(), settings, stack.store(), stack.tracker(),
                        Platform.datasets(), TrainingObserver.NONE, Platform.workerTags())) {
            worker.start();
            System.err.println("mla: worker serving " + settings.queues() + " on " + stack.temporalTarget()
                    + " (device: " + ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice() + ")");
            CountDownLatch forever = new CountDownLatch(1);
            java.lang.Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }
}
