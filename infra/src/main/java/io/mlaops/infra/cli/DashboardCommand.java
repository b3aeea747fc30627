package io.mlaops.infra.cli;

import io.mlaops.infra.dashboard.ChartJs;
import io.mlaops.infra.dashboard.DashboardServer;
import io.mlaops.infra.services.ServiceConfig;
import io.mlaops.infra.services.StackState;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mla dashboard}: the experiment-comparison page on loopback, reading the configured MLflow.
 */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        description =
                "Serve the experiment-comparison page on 127.0.0.1 (reads MLflow through a proxy).")
final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8050", description = "Default: ${DEFAULT-VALUE}")
    int port;

    @Override
    public Integer call() throws Exception {
        ServiceConfig cfg = Platform.config();
        String mlflow =
                cfg.mlflowTrackingUri()
                        .or(
                                () -> {
                                    try {
                                        return StackState.readLive(cfg.home())
                                                .map(StackState::mlflowUri);
                                    } catch (java.io.IOException e) {
                                        return Optional.empty();
                                    }
                                })
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "no MLflow: run './mla dev up' or set MLFLOW_TRACKING_URI"));
        Optional<String> auth =
                io.mlaops.infra.services.MlflowTracker.authorization(
                        cfg.mlflowToken(), cfg.mlflowUser(), cfg.mlflowPassword());
        try (DashboardServer server =
                new DashboardServer(
                        port,
                        mlflow,
                        auth,
                        ChartJs.umd(cfg.home().resolve("cache").resolve("npm")))) {
            System.out.println(
                    "experiment comparison at "
                            + server.url()
                            + " (MLflow "
                            + mlflow
                            + "); Ctrl-C stops it");
            CountDownLatch forever = new CountDownLatch(1);
            java.lang.Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }
}
