package io.mlaops.infra.services;

import io.mlaops.activities.store.BlobStore;
import io.mlaops.activities.tracking.ExperimentTracker;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The three services, each external (configured) or embedded (started here on 127.0.0.1), with the
 * clients the platform uses. Closing it stops what it started and nothing else.
 */
public final class Stack implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Stack.class);

    private final List<AutoCloseable> started =
            java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> embedded = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ServiceProcess> processes =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closing;
    private String temporalTarget;
    private String temporalUi = "";
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;
    private String s3Endpoint;
    private S3BlobStore store;
    private String mlflowUri;
    private MlflowTracker tracker;
    private com.uber.m3.tally.Scope metricsScope;

    private Stack() {}

    /**
     * Starts what is not configured (object store, MLflow, Temporal, in that order), connects to
     * what is.
     *
     * @param cfg configuration
     * @param ports the embedded services' ports
     * @param metrics where the Temporal SDK reports its metrics, or null
     * @param progress where first-use installations are told (e.g. {@code System.err})
     * @return the stack
     * @throws IOException naming the service, port or log file that failed
     */
    public static Stack start(
            ServiceConfig cfg,
            LocalPorts ports,
            com.uber.m3.tally.Scope metrics,
            PrintStream progress)
            throws IOException {
        Stack s = new Stack();
        s.metricsScope = metrics;
        try {
            s.startObjectStore(cfg, ports.s3());
            // MLflow (seconds of Python imports) and Temporal start side by side
            java.util.concurrent.CompletableFuture<Void> temporal =
                    java.util.concurrent.CompletableFuture.runAsync(
                            () -> {
                                try {
                                    s.startTemporal(cfg, ports.temporal(), progress);
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
            try {
                s.startTracking(cfg, ports.mlflow(), progress);
            } finally {
                try {
                    temporal.join();
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof java.io.UncheckedIOException u) {
                        throw u.getCause();
                    }
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * As {@link #start(ServiceConfig, LocalPorts, com.uber.m3.tally.Scope, PrintStream)} without
     * metrics, telling stderr.
     */
    public static Stack start(ServiceConfig cfg, LocalPorts ports) throws IOException {
        return start(cfg, ports, null, System.err);
    }

    /**
     * As {@link #connect(ServiceConfig, java.util.Optional)}, reporting SDK metrics to {@code
     * metrics}.
     */
    public static Stack connect(
            ServiceConfig cfg,
            java.util.Optional<StackState> local,
            com.uber.m3.tally.Scope metrics)
            throws IOException {
        return connect(cfg, local, false, metrics);
    }

    /**
     * Connects to services that are all running (external ones, or those of a {@code dev up}).
     *
     * @param cfg configuration (external services)
     * @param local the running local stack, if any
     * @return clients only; closing stops nothing
     */
    public static Stack connect(ServiceConfig cfg, java.util.Optional<StackState> local)
            throws IOException {
        return connect(cfg, local, false);
    }

    /**
     * @param temporalOnly connect to Temporal only (status, cancel)
     */
    public static Stack connect(
            ServiceConfig cfg, java.util.Optional<StackState> local, boolean temporalOnly)
            throws IOException {
        return connect(cfg, local, temporalOnly, null);
    }

    private static Stack connect(
            ServiceConfig cfg,
            java.util.Optional<StackState> local,
            boolean temporalOnly,
            com.uber.m3.tally.Scope metrics)
            throws IOException {
        Stack s = new Stack();
        s.metricsScope = metrics;
        try {
            String temporal =
                    cfg.temporalAddress()
                            .or(() -> local.map(StackState::temporal))
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "no Temporal to talk to: run './mla dev up' or set TEMPORAL_ADDRESS"));
            s.connectTemporal(temporal, cfg);
            s.temporalUi =
                    cfg.temporalAddress().isPresent()
                            ? ""
                            : local.map(StackState::temporalUi).orElse("");
            if (temporalOnly) {
                return s;
            }
            String s3 =
                    cfg.s3Endpoint()
                            .or(() -> local.map(StackState::s3Endpoint))
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "no object store: run './mla dev up' or set MLA_S3_ENDPOINT"));
            String mlflow =
                    cfg.mlflowTrackingUri()
                            .or(() -> local.map(StackState::mlflowUri))
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "no MLflow: run './mla dev up' or set MLFLOW_TRACKING_URI"));
            if (cfg.s3Endpoint().isPresent()) {
                s.store =
                        new S3BlobStore(
                                s3,
                                cfg.s3AccessKey().orElseThrow(),
                                cfg.s3SecretKey().orElseThrow(),
                                cfg.s3Bucket());
            } else {
                Properties creds = EmbeddedS3.credentials(cfg.home());
                s.store =
                        new S3BlobStore(
                                        s3,
                                        creds.getProperty("access_key"),
                                        Secret.of(creds.getProperty("secret_key")),
                                        cfg.s3Bucket())
                                .withLocalRoot(EmbeddedS3.root(cfg.home()));
            }
            s.s3Endpoint = s3;
            s.tracker =
                    new MlflowTracker(
                            mlflow, cfg.mlflowToken(), cfg.mlflowUser(), cfg.mlflowPassword());
            s.tracker.checkReachable();
            s.mlflowUri = mlflow;
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void startObjectStore(ServiceConfig cfg, int port) throws IOException {
        if (cfg.s3Endpoint().isPresent()) {
            store =
                    new S3BlobStore(
                            cfg.s3Endpoint().get(),
                            cfg.s3AccessKey().orElseThrow(),
                            cfg.s3SecretKey().orElseThrow(),
                            cfg.s3Bucket());
            s3Endpoint = cfg.s3Endpoint().get();
            return;
        }
        EmbeddedS3 s3 = EmbeddedS3.start(cfg.home(), port);
        started.add(s3);
        embedded.add("s3");
        s3Endpoint = s3.endpoint();
        store =
                new S3BlobStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), cfg.s3Bucket())
                        .withLocalRoot(EmbeddedS3.root(cfg.home()));
    }

    private void startTracking(ServiceConfig cfg, int port, PrintStream progress)
            throws IOException {
        if (cfg.mlflowTrackingUri().isPresent()) {
            tracker =
                    new MlflowTracker(
                            cfg.mlflowTrackingUri().get(),
                            cfg.mlflowToken(),
                            cfg.mlflowUser(),
                            cfg.mlflowPassword());
            tracker.checkReachable();
            mlflowUri = cfg.mlflowTrackingUri().get();
            return;
        }
        String ak;
        Secret sk;
        if (cfg.s3Endpoint().isPresent()) {
            ak = cfg.s3AccessKey().orElseThrow();
            sk = cfg.s3SecretKey().orElseThrow();
        } else {
            Properties creds = EmbeddedS3.credentials(cfg.home());
            ak = creds.getProperty("access_key");
            sk = Secret.of(creds.getProperty("secret_key"));
        }
        String endpoint = s3Endpoint;
        EmbeddedMlflow ml =
                supervise(
                        "mlflow",
                        () ->
                                EmbeddedMlflow.start(
                                        cfg.home(),
                                        cfg.venvs(),
                                        port,
                                        endpoint,
                                        ak,
                                        sk,
                                        cfg.s3Bucket(),
                                        progress),
                        EmbeddedMlflow::process);
        embedded.add("mlflow");
        mlflowUri = ml.uri();
        tracker =
                new MlflowTracker(
                        ml.uri(),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.empty());
    }

    private void startTemporal(
            ServiceConfig cfg, TemporalDevServer.Ports ports, PrintStream progress)
            throws IOException {
        if (cfg.temporalAddress().isPresent()) {
            connectTemporal(cfg.temporalAddress().get(), cfg);
            return;
        }
        TemporalDevServer t =
                supervise(
                        "temporal",
                        () -> TemporalDevServer.start(cfg.home(), cfg.venvs(), ports, progress),
                        TemporalDevServer::process);
        embedded.add("temporal");
        temporalUi = t.uiUrl();
        connectTemporal(t.target(), cfg);
    }

    private interface Starter<T> {
        T start() throws IOException;
    }

    /**
     * Starts a process-backed service and restarts it when it exits unasked (a crash, an OOM kill):
     * at most 5 times in 10 minutes, each restart said in the log. Clients keep their address, so
     * they reconnect by themselves.
     */
    private <T extends AutoCloseable> T supervise(
            String name, Starter<T> starter, java.util.function.Function<T, ServiceProcess> process)
            throws IOException {
        T first = starter.start();
        AutoCloseable[] current = {first};
        started.add(() -> current[0].close());
        processes.put(name, process.apply(first));
        java.util.Deque<Long> restarts = new java.util.ArrayDeque<>();
        Runnable[] watch = new Runnable[1];
        watch[0] =
                () ->
                        processes
                                .get(name)
                                .onExit()
                                .thenRun(
                                        () -> {
                                            if (closing) {
                                                return;
                                            }
                                            long now = System.currentTimeMillis();
                                            restarts.removeIf(t -> t < now - 600_000);
                                            if (restarts.size() >= 5) {
                                                LOG.error(
                                                        "mla: {} exited again: 5 restarts in 10 minutes, giving up (see {})",
                                                        name,
                                                        processes.get(name).log());
                                                return;
                                            }
                                            restarts.add(now);
                                            LOG.warn(
                                                    "mla: {} exited unexpectedly (see {}): restarting",
                                                    name,
                                                    processes.get(name).log());
                                            try {
                                                current[0].close(); // its workers, if any outlived
                                                // it, hold the port
                                            } catch (Exception e) {
                                                LOG.warn(
                                                        "mla: cleaning up after {}: {}",
                                                        name,
                                                        e.getMessage());
                                            }
                                            for (int attempt = 1; !closing; attempt++) {
                                                try {
                                                    T next = starter.start();
                                                    synchronized (this) {
                                                        if (closing) {
                                                            // the stack was closed while this
                                                            // restart ran: nothing may outlive it
                                                            try {
                                                                next.close();
                                                            } catch (Exception e) {
                                                                LOG.warn(
                                                                        "mla: stopping {} after the stack closed: {}",
                                                                        name,
                                                                        e.getMessage());
                                                            }
                                                            return;
                                                        }
                                                        current[0] = next;
                                                        processes.put(name, process.apply(next));
                                                    }
                                                    LOG.warn(
                                                            "mla: {} restarted after {} ms",
                                                            name,
                                                            System.currentTimeMillis() - now);
                                                    watch[0].run();
                                                    return;
                                                } catch (IOException | RuntimeException e) {
                                                    LOG.warn(
                                                            "mla: restarting {} failed (attempt {}): {}",
                                                            name,
                                                            attempt,
                                                            e.getMessage());
                                                    if (attempt >= 5) {
                                                        LOG.error(
                                                                "mla: {} stays down after 5 attempts",
                                                                name);
                                                        return;
                                                    }
                                                    try {
                                                        Thread.sleep(1000L << attempt);
                                                    } catch (InterruptedException ie) {
                                                        Thread.currentThread().interrupt();
                                                        return;
                                                    }
                                                }
                                            }
                                        });
        watch[0].run();
        return first;
    }

    /**
     * @return the pids of the process-backed embedded services, by name
     */
    public Map<String, Long> servicePids() {
        Map<String, Long> out = new java.util.TreeMap<>();
        processes.forEach((k, v) -> out.put(k, v.pid()));
        return out;
    }

    private void connectTemporal(String target, ServiceConfig cfg) throws IOException {
        WorkflowServiceStubsOptions.Builder o =
                WorkflowServiceStubsOptions.newBuilder()
                        .setTarget(target)
                        .setRpcTimeout(Duration.ofSeconds(10));
        if (metricsScope != null) {
            o.setMetricsScope(metricsScope);
        }
        if (cfg.temporalTls()) {
            try {
                o.setSslContext(
                        io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient().build());
            } catch (javax.net.ssl.SSLException e) {
                throw new IOException(
                        "TLS setup for Temporal at " + target + " failed: " + e.getMessage(), e);
            }
        }
        stubs = WorkflowServiceStubs.newServiceStubs(o.build());
        try {
            stubs.healthCheck();
        } catch (RuntimeException e) {
            stubs.shutdownNow();
            throw new IOException(
                    "Temporal at "
                            + target
                            + " is unreachable: "
                            + e.getMessage()
                            + " (start it, run './mla dev up', or fix TEMPORAL_ADDRESS)",
                    e);
        }
        temporalTarget = target;
        client =
                WorkflowClient.newInstance(
                        stubs,
                        WorkflowClientOptions.newBuilder()
                                .setNamespace(cfg.temporalNamespace())
                                .build());
    }

    public WorkflowClient workflowClient() {
        return client;
    }

    /**
     * @return a Schedules client on the same connection
     */
    public io.temporal.client.schedules.ScheduleClient scheduleClient() {
        return io.temporal.client.schedules.ScheduleClient.newInstance(
                stubs,
                io.temporal.client.schedules.ScheduleClientOptions.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .build());
    }

    public BlobStore store() {
        return store;
    }

    public ExperimentTracker tracker() {
        return tracker;
    }

    public String temporalTarget() {
        return temporalTarget;
    }

    /**
     * @return the Temporal Web UI of the embedded server (empty for an external cluster)
     */
    public String temporalUi() {
        return temporalUi;
    }

    public String s3Endpoint() {
        return s3Endpoint;
    }

    public String mlflowUri() {
        return mlflowUri;
    }

    /**
     * @return the services this stack started itself
     */
    public List<String> embedded() {
        List<String> order = List.of("s3", "mlflow", "temporal");
        return embedded.stream().sorted(java.util.Comparator.comparingInt(order::indexOf)).toList();
    }

    @Override
    public void close() {
        synchronized (this) {
            closing = true; // a restart in flight sees this and stops what it started
        }
        if (stubs != null) {
            stubs.shutdownNow();
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception ignored) {
                // best effort on the way down
            }
        }
    }
}
