package io.mlaops.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mlaops.activities.training.TrainingObserver;
import java.time.Duration;
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
 * {@code mla_promotions_total{decision}}.
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
    private final Map<String, AtomicReference<Double>> championScore = new ConcurrentHashMap<>();

    PlatformMetrics(MeterRegistry registry) {
        this.registry = registry;
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
    }

    @Override
    public void progress(String cellKey, double stepsPerSecondNow, Map<String, Double> loss) {
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
        if (inFlight.decrementAndGet() == 0) {
            deviceInUse.values().forEach(v -> v.set(0));
            stepsPerSecond.set(0.0);
        }
    }

    @Override
    public void datasetStaged(String name, long bytes, boolean reused) {
        stagingBytes.increment(bytes);
        if (reused) {
            stagingReused.increment();
        }
    }
}
