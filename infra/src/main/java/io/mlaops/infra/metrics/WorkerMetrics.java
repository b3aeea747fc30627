package io.mlaops.infra.metrics;

import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
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
 * before that and while it shuts down: readiness).
 */
public final class WorkerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Scope scope;
    private final PlatformMetrics platform;
    private HttpServer server;
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
        try {
            server =
                    HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
        } catch (BindException e) {
            throw new IOException(
                    "metrics address "
                            + host
                            + ":"
                            + port
                            + " is in use or not on this machine: "
                            + "choose another with --metrics-port / --metrics-host",
                    e);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(
                    "--metrics-host '" + host + "': not an address of this machine", e);
        }
        server.createContext("/healthz", ex -> text(ex, 200, "ok\n"));
        server.createContext(
                "/readyz",
                ex -> {
                    String s = state;
                    text(ex, "ready".equals(s) ? 200 : 503, s + "\n");
                });
        server.createContext(
                "/metrics",
                ex -> {
                    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders()
                            .add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
        return this;
    }

    private static void text(com.sun.net.httpserver.HttpExchange ex, int code, String body)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
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
     * @return the bound port (after {@link #serve})
     */
    public int port() {
        return server.getAddress().getPort();
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
            server.stop(0);
        }
        try {
            scope.close();
        } catch (com.uber.m3.tally.ScopeCloseException e) {
            // metrics only: nothing to save on the way down
        }
        registry.close();
    }
}
