package io.mlaops.infra.cli;

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

    @Option(names = "--metrics-port", defaultValue = "9464",
            description = "Prometheus metrics on 127.0.0.1 at this port (0: any free one). Default: ${DEFAULT-VALUE}")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        WorkerSettings settings = new WorkerSettings(new HashSet<>(queues), maxTrainings, 2000);
        io.mlaops.infra.services.ServiceConfig cfg = Platform.config();
        try (io.mlaops.infra.metrics.WorkerMetrics metrics = new io.mlaops.infra.metrics.WorkerMetrics().serve(metricsPort);
                Stack stack = Stack.connect(cfg, io.mlaops.infra.services.StackState.readLive(cfg.home()), metrics.temporalScope());
                MlaWorker worker = new MlaWorker(stack.workflowClient(), settings, stack.store(), stack.tracker(),
                        Platform.datasets(), metrics.platform(), Platform.workerTags())) {
            worker.start();
            System.err.println("mla: worker serving " + settings.queues() + " on " + stack.temporalTarget()
                    + " (device: " + ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice() + "), metrics at http://127.0.0.1:"
                    + metrics.port() + "/metrics");
            CountDownLatch forever = new CountDownLatch(1);
            java.lang.Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }
}
