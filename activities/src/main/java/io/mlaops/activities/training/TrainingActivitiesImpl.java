package io.mlaops.activities.training;

import ai.djl.engine.Engine;
import io.mlaops.activities.common.Failures;
import io.mlaops.activities.staging.StagingActivitiesImpl;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.EpochRecord;
import io.mlaops.model.train.TrainingListener;
import io.mlaops.model.train.TrainingOutcome;
import io.mlaops.model.train.TrainingSession;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Trains one cell with the model module. Heartbeats (epoch, batch, last loss, newest
 * checkpoint) every {@code heartbeatMillis}; writes a checkpoint to {@code checkpoints/<cell>/}
 * after every epoch and when cancelled; on a retry resumes from the checkpoint named in the last
 * heartbeat, so a crashed worker loses at most one epoch and the result is bitwise the same as
 * an uninterrupted run. Bad data or config fail without retry; store errors are retried.
 *
 * <p>One training runs at a time per process (the engine allows one gradient collection per
 * process), which is also the default of one training per device.
 */
public final class TrainingActivitiesImpl implements TrainingActivities {
    private static final Semaphore DEVICE = new Semaphore(1, true);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainingActivitiesImpl.class);

    /** Failure type of an attempt stopped because its worker shuts down (retryable: another worker resumes it). */
    public static final String WORKER_SHUTDOWN = "WorkerShutdown";

    private final BlobStore store;
    private final long heartbeatMillis;
    private final TrainingObserver observer;
    private final ai.djl.Device device;
    private final String worker;
    private volatile boolean draining;

    /**
     * @param store where data sets are read and checkpoints written
     * @param heartbeatMillis minimum time between progress heartbeats
     * @param observer receives progress for worker metrics (may be {@link TrainingObserver#NONE})
     */
    public TrainingActivitiesImpl(BlobStore store, long heartbeatMillis, TrainingObserver observer) {
        this(store, heartbeatMillis, observer, null, "");
    }

    /**
     * @param device where trainings run; null: the engine's default device
     * @param worker identity of this worker, recorded in every {@link TrainingResult}
     */
    public TrainingActivitiesImpl(BlobStore store, long heartbeatMillis, TrainingObserver observer, ai.djl.Device device,
            String worker) {
        this.store = store;
        this.heartbeatMillis = heartbeatMillis;
        this.observer = observer;
        this.device = device;
        this.worker = worker == null ? "" : worker;
    }

    /**
     * The worker is shutting down: a running training stops after its current batch, writes a
     * checkpoint there, heartbeats it and fails its attempt with the retryable
     * {@link #WORKER_SHUTDOWN}, so that the server hands it to another worker at once, which
     * resumes from that checkpoint; a training waiting for the device gives up the same way.
     * Irreversible for this instance.
     */
    public void drain() {
        draining = true;
    }

    /** @return the key of a cell's epoch checkpoint */
    public static String checkpointKey(String cellKey, String name) {
        return "checkpoints/" + cellKey + "/" + name + ".ckpt";
    }

    @Override
    public TrainingResult train(TrainingRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        CellSpec config = request.cell();
        Optional<TrainingProgress> previous = ctx.getHeartbeatDetails(TrainingProgress.class);
        LOG.info("training {} attempt {}: {}", request.runKey(), ctx.getInfo().getAttempt(),
                previous.map(p -> "resuming from " + (p.checkpointKey().isEmpty() ? "the start" : p.checkpointKey())).orElse("fresh start"));
        acquireDevice(ctx, previous.orElse(new TrainingProgress(0, 0, Map.of(), "")));
        try {
            return trainHoldingDevice(ctx, request, config, previous);
        } catch (IllegalArgumentException e) {
            throw Failures.classify(e);
        } catch (IOException e) {
            throw new UncheckedIOException("training " + request.runKey() + ": object store " + store.describe(), e);
        } finally {
            DEVICE.release();
        }
    }

    private void acquireDevice(ActivityExecutionContext ctx, TrainingProgress waiting) {
        try {
            while (!DEVICE.tryAcquire(Math.max(100, heartbeatMillis), TimeUnit.MILLISECONDS)) {
                if (draining) {
                    throw shuttingDown("before it started");
                }
                ctx.heartbeat(waiting); // keeps the activity alive while another training holds the device
            }
            if (draining) {
                DEVICE.release();
                throw shuttingDown("before it started");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the device", e);
        }
    }

    private TrainingResult trainHoldingDevice(ActivityExecutionContext ctx, TrainingRequest request,
            CellSpec config, Optional<TrainingProgress> previous) throws IOException {
        MultimodalDataset ds = StagingActivitiesImpl.load(store, request.dataset());
        String resumeKey = previous.map(TrainingProgress::checkpointKey).orElse("");
        long started = System.nanoTime();
        ai.djl.Device on = device != null ? device : Engine.getEngine("PyTorch").defaultDevice();
        try (TrainingSession s = resumeKey.isEmpty() ? TrainingSession.create(config, ds, on)
                : TrainingSession.restore(new ByteArrayInputStream(store.get(resumeKey)), ds, on)) {
            int resumedFrom = s.epoch();
            String device = on.toString();
            observer.started(request.runKey(), device);
            Heartbeats hb = new Heartbeats(ctx, s, request.runKey(), resumeKey);
            TrainingOutcome outcome;
            try {
                outcome = s.run(hb);
            } finally {
                observer.finished(request.runKey());
            }
            if (outcome == TrainingOutcome.STOPPED && hb.cancellation != null) {
                // cancelled: keep the position so that a new attempt or run can continue from it
                String key = writeCheckpoint(s, request.runKey(), String.format(Locale.ROOT, "cancel-e%04d-b%05d", s.epoch(), s.batch()));
                hb.lastCheckpoint = key;
                throw hb.cancellation;
            }
            if (outcome == TrainingOutcome.STOPPED) {
                // the worker drains: checkpoint here and name it in the last heartbeat, which the
                // failed attempt carries to the server, so the retry on another worker resumes here
                String key = writeCheckpoint(s, request.runKey(), String.format(Locale.ROOT, "shutdown-e%04d-b%05d", s.epoch(), s.batch()));
                hb.lastCheckpoint = key;
                hb.beat(true);
                throw shuttingDown("at epoch " + s.epoch() + " batch " + s.batch() + ", checkpoint " + key);
            }
            String finalKey = checkpointKey(request.runKey(), "final");
            String sum = put(s, finalKey);
            return new TrainingResult(request.runKey(), finalKey, sum, s.history(),
                    (System.nanoTime() - started) / 1e9, resumedFrom, device, worker);
        }
    }

    private io.temporal.failure.ApplicationFailure shuttingDown(String where) {
        return io.temporal.failure.ApplicationFailure.newFailure("worker " + (worker.isEmpty() ? "" : worker + " ")
                + "is shutting down: training stopped " + where + "; another worker resumes it", WORKER_SHUTDOWN);
    }

    private String writeCheckpoint(TrainingSession s, String cellKey, String name) throws IOException {
        String key = checkpointKey(cellKey, name);
        put(s, key);
        return key;
    }

    private String put(TrainingSession s, String key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeCheckpoint(out);
        long t = System.nanoTime();
        String sum = store.put(key, out.toByteArray());
        observer.checkpointUploaded(out.size(), (System.nanoTime() - t) / 1e9);
        return sum;
    }

    /** Heartbeats progress, checkpoints each epoch, turns a cancellation into a stop. */
    private final class Heartbeats implements TrainingListener {
        private final ActivityExecutionContext ctx;
        private final TrainingSession session;
        private final String cellKey;
        private String lastCheckpoint;
        private long lastBeat;
        private long epochStart = System.nanoTime();
        private int stepsInEpoch;
        private ActivityCompletionException cancellation;
        private Map<String, Double> lastLoss = Map.of();

        Heartbeats(ActivityExecutionContext ctx, TrainingSession session, String cellKey, String resumedFrom) {
            this.ctx = ctx;
            this.session = session;
            this.cellKey = cellKey;
            this.lastCheckpoint = resumedFrom;
        }

        @Override
        public void onEpochStart(int epoch, int epochs) {
            epochStart = System.nanoTime();
            stepsInEpoch = 0;
        }

        @Override
        public void onBatchEnd(int epoch, int batch, int batches, Map<String, Double> loss) {
            lastLoss = Map.copyOf(loss);
            stepsInEpoch++;
            long now = System.nanoTime();
            if ((now - lastBeat) / 1_000_000 >= heartbeatMillis) {
                beat();
                observer.progress(cellKey, stepsInEpoch / Math.max(1e-9, (now - epochStart) / 1e9), lastLoss);
            }
        }

        @Override
        public void onEpochEnd(EpochRecord record, long nanos) {
            observer.epochFinished(nanos / 1e9);
            try {
                lastCheckpoint = writeCheckpoint(session, cellKey, String.format(Locale.ROOT, "epoch-%04d", record.epoch() + 1));
            } catch (IOException e) {
                throw new UncheckedIOException("checkpoint of " + cellKey + " to " + store.describe() + " failed", e);
            }
            beat();
        }

        private void beat() {
            beat(false);
        }

        /** @param evenIfDraining also when the worker drains (its last heartbeat names the shutdown checkpoint) */
        private void beat(boolean evenIfDraining) {
            lastBeat = System.nanoTime();
            if (cancellation != null || (draining && !evenIfDraining)) {
                return;
            }
            try {
                ctx.heartbeat(new TrainingProgress(session.epoch(), session.batch(), lastLoss, lastCheckpoint));
            } catch (ActivityCompletionException e) {
                cancellation = e;
            }
        }

        @Override
        public boolean stopRequested() {
            return cancellation != null || draining;
        }
    }
}
