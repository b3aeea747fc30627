package io.mlaops.infra.services;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What {@code mla dev up} started, kept in {@code $MLA_HOME/stack.json} so that other commands find
 * the local services and {@code dev down} stops exactly those.
 *
 * @param pid process id of the stack process (services and worker)
 * @param temporal Temporal gRPC target
 * @param temporalUi Temporal Web UI URL (empty for an external cluster)
 * @param s3Endpoint S3 endpoint
 * @param mlflowUri MLflow URL
 * @param embedded which services the stack process started itself (the others were external)
 * @param metricsUrl the stack worker's Prometheus endpoint
 * @param startedMillis start time
 * @param prometheusUrl the local Prometheus of {@code dev up --prometheus}, empty without one
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record StackState(
        long pid,
        String temporal,
        String temporalUi,
        String s3Endpoint,
        String mlflowUri,
        java.util.List<String> embedded,
        String metricsUrl,
        long startedMillis,
        String prometheusUrl) {
    public StackState {
        temporalUi = temporalUi == null ? "" : temporalUi;
        metricsUrl = metricsUrl == null ? "" : metricsUrl;
        prometheusUrl = prometheusUrl == null ? "" : prometheusUrl;
        embedded = embedded == null ? java.util.List.of() : java.util.List.copyOf(embedded);
    }

    /** A stack without a local Prometheus. */
    public StackState(
            long pid,
            String temporal,
            String temporalUi,
            String s3Endpoint,
            String mlflowUri,
            java.util.List<String> embedded,
            String metricsUrl,
            long startedMillis) {
        this(
                pid,
                temporal,
                temporalUi,
                s3Endpoint,
                mlflowUri,
                embedded,
                metricsUrl,
                startedMillis,
                "");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @return the state file under {@code home}
     */
    public static Path file(Path home) {
        return home.resolve("stack.json");
    }

    /** Writes the state atomically. */
    public void write(Path home) throws IOException {
        Files.createDirectories(home);
        Path tmp = Files.createTempFile(home, ".stack", ".json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        Files.move(
                tmp,
                file(home),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * @return the state if a stack process recorded one and is still alive
     */
    public static Optional<StackState> readLive(Path home) throws IOException {
        Path f = file(home);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        StackState s = JSON.readValue(f.toFile(), StackState.class);
        // the recorded process, not a later one that reused its pid
        return ProcessHandle.of(s.pid())
                .filter(ProcessHandle::isAlive)
                .filter(
                        p ->
                                p.info()
                                        .startInstant()
                                        .map(i -> i.toEpochMilli() <= s.startedMillis())
                                        .orElse(true))
                .map(p -> s);
    }
}
