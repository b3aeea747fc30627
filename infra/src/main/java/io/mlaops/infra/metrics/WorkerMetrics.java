package io.mlaops.infra.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mlaops.infra.http.LocalHttpServer;
import io.mlaops.infra.http.LocalRequestGuard;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A worker's Prometheus endpoint, on 127.0.0.1 unless told otherwise (a pod binds 0.0.0.0 so that
 * the kubelet and Prometheus reach it): Temporal SDK metrics (through the SDK's Micrometer
 * reporter; pass {@link #temporalScope()} to the service stubs) and the platform's own ({@link
 * PlatformMetrics}), served as text at {@code /metrics}; and health for probes: {@code /healthz}
 * (200 while the process serves HTTP: liveness) and {@code /readyz} (200 once the worker polls, 503
 * before that and while it shuts down: readiness). Read-only, behind the {@link LocalRequestGuard}
 * of every local listener: a page elsewhere, or one that rebinds its name to 127.0.0.1, gets 403.
 */
public final class WorkerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Scope scope;
    private final PlatformMetrics platform;
    private LocalHttpServer server;
    private TemporalStateMetrics temporalState;
    private volatile String state = "starting";

    public WorkerMetrics() {
        scope =
                new RootScopeBuilder()
                        .reporter(new MicrometerClientStatsReporter(registry))
                        .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
        platform = new PlatformMetrics(registry);
    }

    /**
     * Serves {@code /metrics} on 127.0.0.1.
     *
     * @param port port, 0 for any free one
     * @return this
     * @throws IOException naming the port when it is taken
     */
    public WorkerMetrics serve(int port) throws IOException {
        return serve(InetAddress.getLoopbackAddress().getHostAddress(), port);
    }

    /**
     * Serves {@code /metrics}, {@code /healthz} and {@code /readyz} on the given address.
     *
     * @param host address to bind: 127.0.0.1 (default), or 0.0.0.0 inside a pod
     * @param port port, 0 for any free one
     * @return this
     * @throws IOException naming the address when it is taken or not local
     */
    public WorkerMetrics serve(String host, int port) throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(
                    "--metrics-host '" + host + "': not an address of this machine", e);
        }
        try {
            // read-only; a page elsewhere gets nothing (LocalRequestGuard), a pod's address is
            // taken as the kubelet and Prometheus send it
            server =
                    LocalHttpServer.bind(
                            new InetSocketAddress(address, port),
                            "metrics",
                            p ->
                                    LocalRequestGuard.of(
                                            p,
                                            address.isLoopbackAddress(),
                                            java.util.Set.of("GET", "HEAD"),
                                            true));
        } catch (BindException e) {
            throw new IOException(
                    "metrics address "
                            + host
                            + ":"
                            + port
                            + " is in use or not on this machine: "
                            + "choose another with --metrics-port / --metrics-host",
                    e);
        }
        server.route("/healthz", ex -> text(ex, 200, "ok\n"));
        server.route(
                "/readyz",
                ex -> {
                    String s = state;
                    text(ex, "ready".equals(s) ? 200 : 503, s + "\n");
                });
        server.route(
                "/metrics",
                ex ->
                        LocalHttpServer.send(
                                ex,
                                200,
                                "text/plain; version=0.0.4; charset=utf-8",
                                registry.scrape().getBytes(StandardCharsets.UTF_8)));
        server.route(
                "/",
                ex ->
                        text(
                                ex,
                                404,
                                "not found: this endpoint serves /metrics, /healthz and /readyz\n"));
        server.start();
        return this;
    }

    private static void text(com.sun.net.httpserver.HttpExchange ex, int code, String body)
            throws IOException {
        LocalHttpServer.send(
                ex, code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** The worker polls its queues: {@code /readyz} answers 200. */
    public void ready() {
        state = "ready";
    }

    /** The worker shuts down: {@code /readyz} answers 503. */
    public void draining() {
        state = "draining";
    }

    /**
     * @return the tally scope for {@code WorkflowServiceStubsOptions.setMetricsScope}
     */
    public Scope temporalScope() {
        return scope;
    }

    /**
     * @return the platform's own metrics, as a training observer
     */
    public PlatformMetrics platform() {
        return platform;
    }

    /**
     * Exports what Temporal knows about the platform's schedules and task queues ({@link
     * TemporalStateMetrics}), asked every {@code every} on a thread of its own until {@link
     * #close}. For processes that serve the workflows queue.
     *
     * @param client the worker's Temporal client
     * @param every how often to ask ({@link TemporalStateMetrics#interval})
     * @return this
     */
    public synchronized WorkerMetrics watchTemporal(
            io.temporal.client.WorkflowClient client, java.time.Duration every) {
        if (temporalState == null) {
            temporalState =
                    new TemporalStateMetrics(registry, client, java.time.Clock.systemUTC())
                            .start(every);
        }
        return this;
    }

    /**
     * Exports the free and total space of the file system holding a local object store's folder:
     * {@code mla_object_store_free_bytes{store}} (usable by this process) and {@code
     * mla_object_store_capacity_bytes{store}}.
     *
     * @param store the store's name in the label, e.g. {@code embedded}
     * @param root the folder the store keeps its objects in
     * @return this
     */
    public WorkerMetrics localObjectStore(String store, java.nio.file.Path root) {
        StoreSpace space = new StoreSpace(root);
        io.micrometer.core.instrument.Gauge.builder(
                        "mla.object.store.free", space, StoreSpace::usable)
                .tag("store", store)
                .strongReference(true)
                .baseUnit("bytes")
                .description("free space the object store can still use")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder(
                        "mla.object.store.capacity", space, StoreSpace::total)
                .tag("store", store)
                .strongReference(true)
                .baseUnit("bytes")
                .description("size of the file system holding the object store")
                .register(registry);
        return this;
    }

    /** The file system of a folder, asked at each scrape; NaN while it cannot be read. */
    private record StoreSpace(java.nio.file.Path root) {
        double usable() {
            try {
                return java.nio.file.Files.getFileStore(root).getUsableSpace();
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }

        double total() {
            try {
                return java.nio.file.Files.getFileStore(root).getTotalSpace();
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
    }

    /**
     * @return the bound port (after {@link #serve})
     */
    public int port() {
        return server.port();
    }

    /**
     * @return the current exposition text
     */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        synchronized (this) {
            if (temporalState != null) {
                temporalState.close();
            }
        }
        try {
            scope.close();
        } catch (com.uber.m3.tally.ScopeCloseException e) {
            // metrics only: nothing to save on the way down
        }
        registry.close();
    }
}
