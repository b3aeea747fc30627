package io.mlaops.infra.cli;

import io.mlaops.infra.metrics.WorkerMetrics;
import io.mlaops.infra.services.ServiceConfig;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.infra.worker.WorkerSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mla worker --queues cpu,gpu --max-trainings N [--device cuda:0] [--identity NAME]}: serve
 * task queues until stopped. SIGTERM (or Ctrl-C) stops it gracefully: readiness turns 503, running
 * trainings checkpoint at their current batch and are handed to another worker, and in-flight tasks
 * get {@code --shutdown-grace} to finish.
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = "Run a worker for the given task queues until stopped.")
final class WorkerCommand implements Callable<Integer> {
    @Option(
            names = "--queues",
            split = ",",
            defaultValue = "workflows,cpu,gpu",
            description =
                    "Any of workflows, cpu (staging, tracking), gpu (training, evaluation). Default: ${DEFAULT-VALUE}")
    List<String> queues;

    @Option(
            names = "--max-trainings",
            defaultValue = "1",
            description = "Trainings at once on the device queue. Default: ${DEFAULT-VALUE}")
    int maxTrainings;

    @Mixin DeviceOption device;

    @Option(
            names = "--identity",
            defaultValue = "${env:MLA_WORKER_IDENTITY:-}",
            description =
                    "Worker identity in Temporal and on every trained cell (MLflow tag mla.worker). Default: pid@host")
    String identity;

    @Option(
            names = "--metrics-port",
            defaultValue = "${env:MLA_METRICS_PORT:-9464}",
            description =
                    "Prometheus metrics and health (/healthz, /readyz) at this port (0: any free one). Default: ${DEFAULT-VALUE}")
    int metricsPort;

    @Option(
            names = "--metrics-host",
            defaultValue = "${env:MLA_METRICS_HOST:-127.0.0.1}",
            description =
                    "Address of the metrics endpoint: 127.0.0.1, or 0.0.0.0 in a pod (probes, scraping). Default: ${DEFAULT-VALUE}")
    String metricsHost;

    @Option(
            names = "--shutdown-grace",
            defaultValue = "${env:MLA_SHUTDOWN_GRACE_SECONDS:-60}",
            description =
                    "Seconds in-flight tasks get to finish after SIGTERM (keep it below the pod's terminationGracePeriodSeconds). "
                            + "Default: ${DEFAULT-VALUE}")
    int shutdownGraceSeconds;

    @Override
    public Integer call() throws Exception {
        WorkerSettings settings =
                new WorkerSettings(
                        new HashSet<>(queues), maxTrainings, 2000, identity, device.choice());
        if (shutdownGraceSeconds < 1) {
            throw new IllegalArgumentException(
                    "--shutdown-grace " + shutdownGraceSeconds + ": expected at least 1 second");
        }
        java.time.Duration statePoll =
                io.mlaops.infra.metrics.TemporalStateMetrics.interval(System.getenv());
        ServiceConfig cfg = Platform.config();
        WorkerMetrics metrics = new WorkerMetrics().serve(metricsHost, metricsPort);
        Stack stack = null;
        MlaWorker worker;
        try {
            stack =
                    Stack.connect(
                            cfg,
                            io.mlaops.infra.services.StackState.readLive(cfg.home()),
                            metrics.temporalScope());
            worker =
                    new MlaWorker(
                            stack.workflowClient(),
                            settings,
                            stack.store(),
                            stack.tracker(),
                            Platform.datasets(),
                            metrics.platform(),
                            Platform.workerTags());
        } catch (Exception | Error e) {
            if (stack != null) {
                stack.close();
            }
            metrics.close();
            throw e;
        }
        worker.start();
        if (settings.queues().contains("workflows")) {
            // schedules and task queues as Temporal sees them, for the alert rules
            metrics.watchTemporal(stack.workflowClient(), statePoll);
        }
        metrics.ready();
        System.err.println(
                "mla: worker "
                        + worker.identity()
                        + " serving "
                        + settings.queues()
                        + " on "
                        + stack.temporalTarget()
                        + (worker.device() == null ? "" : " (device: " + worker.device() + ")")
                        + ", metrics at http://"
                        + metricsHost
                        + ":"
                        + metrics.port()
                        + "/metrics");
        CountDownLatch stopped = new CountDownLatch(1);
        Stack services = stack;
        // the JVM halts when its shutdown hooks return: the graceful stop runs inside the hook
        java.lang.Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    metrics.draining();
                                    System.err.println(
                                            "mla: worker "
                                                    + worker.identity()
                                                    + " stopping: checkpointing running trainings, grace "
                                                    + shutdownGraceSeconds
                                                    + " s");
                                    boolean clean =
                                            worker.shutdown(
                                                    Duration.ofSeconds(shutdownGraceSeconds));
                                    System.err.println(
                                            "mla: worker "
                                                    + worker.identity()
                                                    + (clean
                                                            ? " stopped"
                                                            : " stopped after its grace period"));
                                    services.close();
                                    metrics.close();
                                    stopped.countDown();
                                },
                                "mla-worker-shutdown"));
        stopped.await();
        return 0;
    }
}
