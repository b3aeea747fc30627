package io.mlaops.infra.services;

import io.mlaops.activities.store.BlobStore;
import io.mlaops.activities.tracking.ExperimentTracker;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The three services, each external (configured) or embedded (started here on 127.0.0.1), with
 * the clients the platform uses. Closing it stops what it started and nothing else.
 */
public final class Stack implements AutoCloseable {
    /** Default ports of the embedded services. */
    public static final int TEMPORAL_PORT = 7233;
    public static final int S3_PORT = 9000;
    public static final int MLFLOW_PORT = 5000;

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String> embedded = new ArrayList<>();
    private String temporalTarget;
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;
    private String s3Endpoint;
    private S3BlobStore store;
    private String mlflowUri;
    private MlflowTracker tracker;
    private com.uber.m3.tally.Scope metricsScope;

    private Stack() {}

    /**
     * As {@link #start(ServiceConfig, int[])}, reporting the Temporal SDK's metrics to {@code metrics}.
     */
    public static Stack start(ServiceConfig cfg, int[] ports, com.uber.m3.tally.Scope metrics) throws IOException {
        Stack s = new Stack();
        s.metricsScope = metrics;
        try {
            s.startObjectStore(cfg, ports[1]);
            s.startTracking(cfg, ports[2]);
            s.startTemporal(cfg, ports[0]);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** As {@link #connect(ServiceConfig, java.util.Optional)}, reporting SDK metrics to {@code metrics}. */
    public static Stack connect(ServiceConfig cfg, java.util.Optional<StackState> local, com.uber.m3.tally.Scope metrics)
            throws IOException {
        return connect(cfg, local, false, metrics);
    }

    /**
     * Starts what is not configured, connects to what is.
     *
     * @param cfg configuration
     * @param ports embedded ports: temporal, s3, mlflow (0 = any free one)
     * @return the stack
     * @throws IOException naming the service, port or log file that failed
     */
    public static Stack start(ServiceConfig cfg, int[] ports) throws IOException {
        return start(cfg, ports, null);
    }

    /**
     * Connects to services that are all running (external ones, or those of a {@code dev up}).
     *
     * @param cfg configuration (external services)
     * @param local the running local stack, if any
     * @return clients only; closing stops nothing
     */
    public static Stack connect(ServiceConfig cfg, java.util.Optional<StackState> local) throws IOException {
        return connect(cfg, local, false);
    }

    /**
     * @param temporalOnly connect to Temporal only (status, cancel)
     */
    public static Stack connect(ServiceConfig cfg, java.util.Optional<StackState> local, boolean temporalOnly) throws IOException {
        return connect(cfg, local, temporalOnly, null);
    }

    private static Stack connect(ServiceConfig cfg, java.util.Optional<StackState> local, boolean temporalOnly,
            com.uber.m3.tally.Scope metrics) throws IOException {
        Stack s = new Stack();
        s.metricsScope = metrics;
        try {
            String temporal = cfg.temporalAddress().or(() -> local.map(StackState::temporal))
                    .orElseThrow(() -> new IllegalArgumentException("no Temporal to talk to: run './mla dev up' or set TEMPORAL_ADDRESS"));
            s.connectTemporal(temporal, cfg);
            if (temporalOnly) {
                return s;
            }
            String s3 = cfg.s3Endpoint().or(() -> local.map(StackState::s3Endpoint))
                    .orElseThrow(() -> new IllegalArgumentException("no object store: run './mla dev up' or set MLA_S3_ENDPOINT"));
            String mlflow = cfg.mlflowTrackingUri().or(() -> local.map(StackState::mlflowUri))
                    .orElseThrow(() -> new IllegalArgumentException("no MLflow: run './mla dev up' or set MLFLOW_TRACKING_URI"));
            if (cfg.s3Endpoint().isPresent()) {
                s.store = new S3BlobStore(s3, cfg.s3AccessKey().orElseThrow(), cfg.s3SecretKey().orElseThrow(), cfg.s3Bucket());
            } else {
                Properties creds = EmbeddedS3.credentials(cfg.home());
                s.store = new S3BlobStore(s3, creds.getProperty("access_key"), Secret.of(creds.getProperty("secret_key")), cfg.s3Bucket());
            }
            s.s3Endpoint = s3;
            s.tracker = new MlflowTracker(mlflow, cfg.mlflowToken(), cfg.mlflowUser(), cfg.mlflowPassword());
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
            store = new S3BlobStore(cfg.s3Endpoint().get(), cfg.s3AccessKey().orElseThrow(), cfg.s3SecretKey().orElseThrow(), cfg.s3Bucket());
            s3Endpoint = cfg.s3Endpoint().get();
            return;
        }
        EmbeddedS3 s3 = EmbeddedS3.start(cfg.home(), port);
        started.add(s3);
        embedded.add("s3");
        s3Endpoint = s3.endpoint();
        store = new S3BlobStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), cfg.s3Bucket());
    }

    private void startTracking(ServiceConfig cfg, int port) throws IOException {
        if (cfg.mlflowTrackingUri().isPresent()) {
            tracker = new MlflowTracker(cfg.mlflowTrackingUri().get(), cfg.mlflowToken(), cfg.mlflowUser(), cfg.mlflowPassword());
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
        EmbeddedMlflow ml = EmbeddedMlflow.start(cfg.home(), port, s3Endpoint, ak, sk, cfg.s3Bucket());
        started.add(ml);
        embedded.add("mlflow");
        mlflowUri = ml.uri();
        tracker = new MlflowTracker(ml.uri(), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty());
    }

    private void startTemporal(ServiceConfig cfg, int port) throws IOException {
        if (cfg.temporalAddress().isPresent()) {
            connectTemporal(cfg.temporalAddress().get(), cfg);
            return;
        }
        EmbeddedTemporal t = EmbeddedTemporal.start(port);
        started.add(t);
        embedded.add("temporal");
        connectTemporal(t.target(), cfg);
    }

    private void connectTemporal(String target, ServiceConfig cfg) throws IOException {
        WorkflowServiceStubsOptions.Builder o = WorkflowServiceStubsOptions.newBuilder().setTarget(target)
                .setRpcTimeout(Duration.ofSeconds(10));
        if (metricsScope != null) {
            o.setMetricsScope(metricsScope);
        }
        if (cfg.temporalTls()) {
            try {
                o.setSslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient().build());
            } catch (javax.net.ssl.SSLException e) {
                throw new IOException("TLS setup for Temporal at " + target + " failed: " + e.getMessage(), e);
            }
        }
        stubs = WorkflowServiceStubs.newServiceStubs(o.build());
        try {
            stubs.healthCheck();
        } catch (RuntimeException e) {
            stubs.shutdownNow();
            throw new IOException("Temporal at " + target + " is unreachable: " + e.getMessage()
                    + " (start it, run './mla dev up', or fix TEMPORAL_ADDRESS)", e);
        }
        temporalTarget = target;
        client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(cfg.temporalNamespace()).build());
    }

    public WorkflowClient workflowClient() {
        return client;
    }

    /** @return a Schedules client on the same connection */
    public io.temporal.client.schedules.ScheduleClient scheduleClient() {
        return io.temporal.client.schedules.ScheduleClient.newInstance(stubs,
                io.temporal.client.schedules.ScheduleClientOptions.newBuilder().setNamespace(client.getOptions().getNamespace()).build());
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

    public String s3Endpoint() {
        return s3Endpoint;
    }

    public String mlflowUri() {
        return mlflowUri;
    }

    /** @return the services this stack started itself */
    public List<String> embedded() {
        return List.copyOf(embedded);
    }

    @Override
    public void close() {
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
