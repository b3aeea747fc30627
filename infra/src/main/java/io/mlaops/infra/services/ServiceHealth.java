package io.mlaops.infra.services;

import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What is really running: each service of a local stack asked directly (not the state file's word),
 * and the services a killed stack process left behind.
 */
public final class ServiceHealth {
    private static final List<String> PROCESS_SERVICES =
            List.of("mlflow", "temporal", "prometheus");

    private ServiceHealth() {}

    /**
     * @param s the recorded stack
     * @return per part ({@code stack process}, {@code object store}, {@code MLflow}, {@code
     *     Temporal}, {@code worker metrics}, {@code Prometheus} when started): {@code up}, or
     *     {@code DOWN: <why>}
     */
    public static Map<String, String> check(StackState s) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(
                "stack process",
                ProcessHandle.of(s.pid()).filter(ProcessHandle::isAlive).isPresent()
                        ? "up"
                        : "DOWN: pid " + s.pid() + " is gone");
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
        out.put("object store", http(http, s.s3Endpoint() + "/", false));
        out.put("MLflow", http(http, s.mlflowUri() + "/health", true));
        out.put("Temporal", temporal(s.temporal()));
        if (!s.metricsUrl().isEmpty()) {
            out.put("worker metrics", http(http, s.metricsUrl(), true));
        }
        if (!s.prometheusUrl().isEmpty()) {
            out.put("Prometheus", http(http, s.prometheusUrl() + "/-/ready", true));
        }
        return out;
    }

    private static String http(HttpClient http, String url, boolean need200) {
        try {
            HttpResponse<Void> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return !need200 || r.statusCode() == 200
                    ? "up"
                    : "DOWN: " + url + " answered " + r.statusCode();
        } catch (IOException e) {
            return "DOWN: " + url + " does not answer (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    private static String temporal(String target) {
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder()
                                .setTarget(target)
                                .setRpcTimeout(Duration.ofSeconds(3))
                                .build());
        try {
            stubs.blockingStub()
                    .withDeadlineAfter(3, TimeUnit.SECONDS)
                    .describeNamespace(
                            DescribeNamespaceRequest.newBuilder().setNamespace("default").build());
            return "up";
        } catch (RuntimeException e) {
            return "DOWN: " + target + " does not answer (" + e.getMessage() + ")";
        } finally {
            stubs.shutdownNow();
        }
    }

    /**
     * @return the embedded services recorded under {@code <home>/run} whose processes still run
     */
    public static List<String> leftovers(Path home) {
        List<String> out = new ArrayList<>();
        for (String name : PROCESS_SERVICES) {
            Path pidFile = home.resolve("run").resolve(name + ".pid");
            if (ServiceProcess.recorded(pidFile).isPresent()
                    || !ServiceProcess.remnants(pidFile).isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Stops every embedded service recorded under {@code <home>/run} that still runs.
     *
     * @return the names of those stopped
     */
    public static List<String> stopLeftovers(Path home) throws IOException {
        List<String> out = new ArrayList<>();
        Path run = home.resolve("run");
        if (!Files.isDirectory(run)) {
            return out;
        }
        for (String name : PROCESS_SERVICES) {
            if (ServiceProcess.stopLeftover(name, home)) {
                out.add(name);
            }
        }
        try (Stream<Path> files = Files.list(run)) {
            files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                    .forEach(f -> f.toFile().delete());
        }
        return out;
    }
}
