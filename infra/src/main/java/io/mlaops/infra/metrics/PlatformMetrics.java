package io.mlaops.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mlaops.activities.training.TrainingObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The platform's worker metrics (Prometheus names after Micrometer's conventions): {@code
 * mla_training_steps_per_second}, {@code mla_epoch_seconds}, {@code mla_last_loss{modality}},
 * {@code mla_checkpoint_upload_seconds}, {@code mla_checkpoint_upload_bytes}, {@code
 * mla_staging_bytes_total}, {@code mla_staging_reused_total}, {@code mla_device_in_use{device}},
 * {@code mla_trainings_in_flight}, {@code mla_trainings_total}, {@code mla_champion_score{model}},
 * {@code mla_promotions_total{decision}}, {@code mla_checkpoint_upload_failures_total}, and per
 * running training {@code mla_training_progress_timestamp_seconds{cell}} (when it last finished a
 * batch, Unix time) next to {@code mla_training_heartbeat_timeout_seconds{cell}} (how long Temporal
 * waits for its heartbeat): a training whose progress is older than its heartbeat timeout is stuck
 * while its process lives on. Activity attempts are counted by {@link ActivityAttempts}.
 */
public final class PlatformMetrics implements TrainingObserver {
    private final MeterRegistry registry;
    private final AtomicReference<Double> stepsPerSecond = new AtomicReference<>(0.0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicReference<Double>> lastLoss = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deviceInUse = new ConcurrentHashMap<>();
    private final Timer epoch;
    private final Timer upload;
    private final DistributionSummary uploadBytes;
    private final Counter stagingBytes;
    private final Counter stagingReused;
    private final Counter trainings;
    private final Counter uploadFailures;
    private final Map<String, RunningTraining> running = new ConcurrentHashMap<>();
    private final ActivityAttempts attempts;
    private final java.time.Clock clock;
    private final Map<String, AtomicReference<Double>> championScore = new ConcurrentHashMap<>();

    PlatformMetrics(MeterRegistry registry) {
        this(registry, java.time.Clock.systemUTC());
    }

    PlatformMetrics(MeterRegistry registry, java.time.Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.attempts = new ActivityAttempts(registry);
        Gauge.builder("mla.training.steps.per.second", stepsPerSecond, AtomicReference::get)
                .description("training batches per second of the running training")
                .register(registry);
        Gauge.builder("mla.trainings.in.flight", inFlight, AtomicInteger::get)
                .description("trainings running on this worker")
                .register(registry);
        epoch =
                Timer.builder("mla.epoch")
                        .description("wall time of one training epoch")
                        .register(registry);
        upload =
                Timer.builder("mla.checkpoint.upload")
                        .description("checkpoint upload time")
                        .register(registry);
        uploadBytes =
                DistributionSummary.builder("mla.checkpoint.upload.bytes")
                        .baseUnit("bytes")
                        .description("checkpoint size")
                        .register(registry);
        stagingBytes =
                Counter.builder("mla.staging.bytes")
                        .description("data set bytes uploaded by staging")
                        .register(registry);
        stagingReused =
                Counter.builder("mla.staging.reused")
                        .description("stagings that reused an identical data set")
                        .register(registry);
        trainings =
                Counter.builder("mla.trainings")
                        .description("trainings started on this worker")
                        .register(registry);
        uploadFailures =
                Counter.builder("mla.checkpoint.upload.failures")
                        .description(
                                "checkpoint uploads the object store refused or did not answer")
                        .register(registry);
        device("cpu"); // present from the start so that dashboards find it
        loss("none");
        champion("none");
        promotions(true);
        promotions(false);
    }

    private AtomicInteger device(String name) {
        return deviceInUse.computeIfAbsent(
                name,
                d -> {
                    AtomicInteger v = new AtomicInteger();
                    Gauge.builder("mla.device.in.use", v, AtomicInteger::get)
                            .tag("device", d)
                            .description("1 while a training runs on this device")
                            .register(registry);
                    return v;
                });
    }

    private AtomicReference<Double> loss(String modality) {
        return taggedGauge(
                lastLoss,
                "mla.last.loss",
                "modality",
                modality,
                "last training loss of the modality");
    }

    private AtomicReference<Double> champion(String model) {
        return taggedGauge(
                championScore,
                "mla.champion.score",
                "model",
                model,
                "score of the model behind the alias champion, as of the last decision");
    }

    /** One gauge per tag value, registered on first use and kept in {@code gauges}. */
    private AtomicReference<Double> taggedGauge(
            Map<String, AtomicReference<Double>> gauges,
            String name,
            String tag,
            String value,
            String description) {
        return gauges.computeIfAbsent(
                value,
                t -> {
                    AtomicReference<Double> v = new AtomicReference<>(Double.NaN);
                    Gauge.builder(name, v, AtomicReference::get)
                            .tag(tag, t)
                            .description(description)
                            .register(registry);
                    return v;
                });
    }

    private Counter promotions(boolean promoted) {
        return Counter.builder("mla.promotions")
                .tag("decision", promoted ? "promoted" : "kept")
                .description("promotion decisions of scheduled pipelines")
                .register(registry);
    }

    /**
     * @return the worker interceptor counting activity attempts (first and retries) by type
     */
    public ActivityAttempts attempts() {
        return attempts;
    }

    /** The progress gauges of one running training. */
    private record RunningTraining(
            AtomicReference<Double> progress,
            AtomicReference<Double> heartbeatTimeout,
            List<Meter> meters) {}

    private double now() {
        return clock.millis() / 1000.0;
    }

    /**
     * @return the heartbeat timeout of the activity running on this thread, NaN outside one
     */
    private static double heartbeatTimeoutSeconds() {
        try {
            Duration d =
                    io.temporal.activity.Activity.getExecutionContext()
                            .getInfo()
                            .getHeartbeatTimeout();
            return d == null || d.isZero() ? Double.NaN : d.toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN; // not on an activity's thread (a direct call, a test)
        }
    }

    @Override
    public void promotionDecided(String model, boolean promoted, double score) {
        champion(model).set(score);
        promotions(promoted).increment();
    }

    @Override
    public void started(String cellKey, String device) {
        inFlight.incrementAndGet();
        trainings.increment();
        device(device.startsWith("gpu") ? device : "cpu").set(1);
        running.compute(
                cellKey,
                (k, old) -> {
                    if (old != null) {
                        old.meters().forEach(registry::remove);
                    }
                    AtomicReference<Double> progress = new AtomicReference<>(now());
                    AtomicReference<Double> timeout =
                            new AtomicReference<>(heartbeatTimeoutSeconds());
                    return new RunningTraining(
                            progress,
                            timeout,
                            List.of(
                                    Gauge.builder(
                                                    "mla.training.progress.timestamp",
                                                    progress,
                                                    AtomicReference::get)
                                            .tag("cell", k)
                                            .baseUnit("seconds")
                                            .description(
                                                    "when the running training last reported progress (Unix time)")
                                            .register(registry),
                                    Gauge.builder(
                                                    "mla.training.heartbeat.timeout",
                                                    timeout,
                                                    AtomicReference::get)
                                            .tag("cell", k)
                                            .baseUnit("seconds")
                                            .description(
                                                    "heartbeat timeout of the running training: Temporal presumes a "
                                                            + "silent attempt dead after it")
                                            .register(registry)));
                });
    }

    @Override
    public void progress(String cellKey, double stepsPerSecondNow, Map<String, Double> loss) {
        RunningTraining r = running.get(cellKey);
        if (r != null) {
            r.progress().set(now());
        }
        stepsPerSecond.set(stepsPerSecondNow);
        loss.forEach((m, v) -> loss(m).set(v));
    }

    @Override
    public void epochFinished(double seconds) {
        epoch.record(Duration.ofNanos((long) (seconds * 1e9)));
    }

    @Override
    public void checkpointUploaded(long bytes, double seconds) {
        upload.record(Duration.ofNanos((long) (seconds * 1e9)));
        uploadBytes.record(bytes);
    }

    @Override
    public void finished(String cellKey) {
        RunningTraining r = running.remove(cellKey);
        if (r != null) {
            r.meters().forEach(registry::remove);
        }
        if (inFlight.decrementAndGet() == 0) {
            deviceInUse.values().forEach(v -> v.set(0));
            stepsPerSecond.set(0.0);
        }
    }

    @Override
    public void checkpointUploadFailed(String cellKey) {
        uploadFailures.increment();
    }

    @Override
    public void datasetStaged(String name, long bytes, boolean reused) {
        stagingBytes.increment(bytes);
        if (reused) {
            stagingReused.increment();
        }
    }
}
