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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Trains one cell with the model module, and scores it while the model is in memory when the
 * request asks for it. Heartbeats (epoch, batch, last loss, newest stored checkpoint, a note) every
 * {@code heartbeatMillis}.
 *
 * <p>Checkpoints: one every {@code checkpointMillis} of training (default 30 s), taken at a batch
 * boundary and uploaded in the background ({@link CheckpointWriter}); one when cancelled or when
 * the worker drains; the final one. Only the newest is kept (and the final one once training ends).
 * An attempt resumes from the newest intact checkpoint of its run key ({@link ResumePoint}): a
 * crash loses at most the checkpoint interval plus one upload, a corrupt checkpoint is skipped at
 * once for the one before it, and the result is bitwise that of an uninterrupted run. Bad data or
 * config fail without retry; store errors are retried.
 *
 * <p>One training runs at a time per process (the engine allows one gradient collection per
 * process), which is also the default of one training per device.
 */
public final class TrainingActivitiesImpl implements TrainingActivities {
    private static final Semaphore DEVICE = new Semaphore(1, true);
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(TrainingActivitiesImpl.class);

    /**
     * Failure type of an attempt stopped because its worker shuts down (retryable: another worker
     * resumes it).
     */
    public static final String WORKER_SHUTDOWN = "WorkerShutdown";

    /**
     * Failure type of a training refused because this worker's engine is not the one the cell's
     * content id names (retryable: a worker of that engine takes it).
     */
    public static final String ENGINE_MISMATCH = "EngineMismatch";

    private final BlobStore store;
    private final long heartbeatMillis;
    private final TrainingObserver observer;
    private final ai.djl.Device device;
    private final String worker;
    private long checkpointMillis = 30_000;
    private volatile boolean draining;

    /**
     * @param store where data sets are read and checkpoints written
     * @param heartbeatMillis minimum time between progress heartbeats
     * @param observer receives progress for worker metrics (may be {@link TrainingObserver#NONE})
     */
    public TrainingActivitiesImpl(
            BlobStore store, long heartbeatMillis, TrainingObserver observer) {
        this(store, heartbeatMillis, observer, null, "");
    }

    /**
     * @param device where trainings run; null: the engine's default device
     * @param worker identity of this worker, recorded in every {@link TrainingResult}
     */
    public TrainingActivitiesImpl(
            BlobStore store,
            long heartbeatMillis,
            TrainingObserver observer,
            ai.djl.Device device,
            String worker) {
        this.store = store;
        this.heartbeatMillis = heartbeatMillis;
        this.observer = observer;
        this.device = device;
        this.worker = worker == null ? "" : worker;
    }

    /**
     * The worker is shutting down: a running training stops after its current batch, writes a
     * checkpoint there, heartbeats it and fails its attempt with the retryable {@link
     * #WORKER_SHUTDOWN}, so that the server hands it to another worker at once, which resumes from
     * that checkpoint; a training waiting for the device gives up the same way. Irreversible for
     * this instance.
     */
    public void drain() {
        draining = true;
    }

    /**
     * @param interval training time between two checkpoints (at least 100 ms); the time a crash can
     *     lose is this plus one upload
     * @return this
     */
    public TrainingActivitiesImpl checkpointEvery(java.time.Duration interval) {
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "checkpoint interval " + interval + ": expected at least 100 ms");
        }
        this.checkpointMillis = interval.toMillis();
        return this;
    }

    /**
     * @return the key of a cell's checkpoint {@code name}
     */
    public static String checkpointKey(String cellKey, String name) {
        return CheckpointName.key(cellKey, name);
    }

    @Override
    public TrainingResult train(TrainingRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        CellSpec config = request.cell();
        Optional<TrainingProgress> previous = ctx.getHeartbeatDetails(TrainingProgress.class);
        LOG.info(
                "training {} attempt {}: {}",
                request.runKey(),
                ctx.getInfo().getAttempt(),
                previous.map(
                                p ->
                                        "resuming from "
                                                + (p.checkpointKey().isEmpty()
                                                        ? "the start"
                                                        : p.checkpointKey()))
                        .orElse("fresh start"));
        acquireDevice(ctx, previous.orElse(new TrainingProgress(0, 0, Map.of(), "")));
        try {
            return trainHoldingDevice(ctx, request, config, previous);
        } catch (IllegalArgumentException e) {
            throw Failures.classify(e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "training " + request.runKey() + ": object store " + store.describe(), e);
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
                ctx.heartbeat(waiting); // keeps the activity alive while another training holds the
                // device
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

    private TrainingResult trainHoldingDevice(
            ActivityExecutionContext ctx,
            TrainingRequest request,
            CellSpec config,
            Optional<TrainingProgress> previous)
            throws IOException {
        ai.djl.Device on = device != null ? device : Engine.getEngine("PyTorch").defaultDevice();
        if (request.engine().isPresent()) {
            io.mlaops.model.cell.EngineIdentity mine = io.mlaops.model.cell.EngineIdentity.of(on);
            if (!mine.equals(request.engine().get())) {
                // the cell's content id names another engine: its bits would not be that cell's
                throw io.temporal.failure.ApplicationFailure.newFailure(
                        "worker "
                                + (worker.isEmpty() ? "" : worker + " ")
                                + "trains on "
                                + mine
                                + ", but cell "
                                + request.runKey()
                                + " was resolved for "
                                + request.engine().get()
                                + ": a worker with that engine takes it",
                        ENGINE_MISMATCH);
            }
        }
        java.util.Map<String, Double> timings = new java.util.LinkedHashMap<>();
        long t0 = System.nanoTime();
        MultimodalDataset ds = StagingActivitiesImpl.load(store, request.dataset());
        timings.put("data_load", since(t0));
        long t1 = System.nanoTime();
        ResumePoint start = ResumePoint.find(store, request.runKey(), config, ds, on);
        timings.put("restore", since(t1));
        long started = System.nanoTime();
        try (TrainingSession s = start.session();
                CheckpointWriter writer =
                        new CheckpointWriter(
                                store,
                                request.runKey(),
                                observer,
                                start.existing(),
                                start.checkpointKey())) {
            int resumedFrom = s.epoch();
            if (!start.checkpointKey().isEmpty() || previous.isPresent()) {
                LOG.info(
                        "training {} resumes from {}",
                        request.runKey(),
                        start.checkpointKey().isEmpty() ? "the start" : start.checkpointKey());
            }
            String device = on.toString();
            observer.started(request.runKey(), device);
            Heartbeats hb =
                    new Heartbeats(
                            ctx, s, request.runKey(), writer, String.join("; ", start.notes()));
            TrainingOutcome outcome;
            long loop = System.nanoTime();
            try {
                outcome = s.run(hb);
            } finally {
                observer.finished(request.runKey());
            }
            timings.put("train", since(loop));
            timings.put("checkpoint_snapshot", hb.snapshotSeconds);
            if (outcome == TrainingOutcome.STOPPED && hb.cancellation != null) {
                // cancelled: keep the position so that a new attempt or run can continue from it
                writer.putNow(CheckpointName.stopped("cancel", s.epoch(), s.batch()), snapshot(s));
                throw hb.cancellation;
            }
            if (outcome == TrainingOutcome.STOPPED) {
                // the worker drains: checkpoint here and name it in the last heartbeat, which the
                // failed attempt carries to the server, so the retry on another worker resumes here
                String key =
                        writer.putNow(
                                CheckpointName.stopped("shutdown", s.epoch(), s.batch()),
                                snapshot(s));
                hb.beat(true);
                throw shuttingDown(
                        "at epoch " + s.epoch() + " batch " + s.batch() + ", checkpoint " + key);
            }
            double trainSeconds = since(started);
            String finalKey = checkpointKey(request.runKey(), CheckpointName.FINAL);
            String sum =
                    writer.putFinal(
                            snapshot(s),
                            6,
                            1000,
                            note -> {
                                hb.note = note;
                                hb.beat();
                            });
            timings.put("checkpoint_upload", writer.uploadSeconds());
            Optional<io.mlaops.activities.evaluation.CellMetrics> metrics = Optional.empty();
            if (request.evaluation().isPresent()) {
                long t2 = System.nanoTime();
                metrics = Optional.of(request.evaluation().get().score(s));
                timings.put("evaluation", since(t2));
            }
            return new TrainingResult(
                    request.runKey(),
                    finalKey,
                    sum,
                    s.history(),
                    trainSeconds,
                    resumedFrom,
                    device,
                    worker,
                    metrics,
                    timings);
        }
    }

    private static byte[] snapshot(TrainingSession s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeCheckpoint(out);
        return out.toByteArray();
    }

    private static double since(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private io.temporal.failure.ApplicationFailure shuttingDown(String where) {
        return io.temporal.failure.ApplicationFailure.newFailure(
                "worker "
                        + (worker.isEmpty() ? "" : worker + " ")
                        + "is shutting down: training stopped "
                        + where
                        + "; another worker resumes it",
                WORKER_SHUTDOWN);
    }

    /** Heartbeats progress, takes checkpoints by time, turns a cancellation into a stop. */
    private final class Heartbeats implements TrainingListener {
        private final ActivityExecutionContext ctx;
        private final TrainingSession session;
        private final String cellKey;
        private final CheckpointWriter writer;
        private volatile String note;
        private long lastBeat;
        private long lastCheckpoint = System.nanoTime();
        private long epochStart = System.nanoTime();
        private int stepsInEpoch;
        private double snapshotSeconds;
        private ActivityCompletionException cancellation;
        private Map<String, Double> lastLoss = Map.of();

        Heartbeats(
                ActivityExecutionContext ctx,
                TrainingSession session,
                String cellKey,
                CheckpointWriter writer,
                String note) {
            this.ctx = ctx;
            this.session = session;
            this.cellKey = cellKey;
            this.writer = writer;
            this.note = note;
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
            if ((now - lastCheckpoint) / 1_000_000 >= checkpointMillis && !writer.busy()) {
                // a consistent snapshot here, on the training thread; the upload runs beside
                // training
                try {
                    byte[] bytes = snapshot(session);
                    writer.submit(CheckpointName.periodic(session.epoch(), session.batch()), bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "checkpoint of " + cellKey + " could not be written", e);
                }
                lastCheckpoint = System.nanoTime();
                snapshotSeconds += (lastCheckpoint - now) / 1e9;
            }
            if ((now - lastBeat) / 1_000_000 >= heartbeatMillis) {
                beat();
                observer.progress(
                        cellKey, stepsInEpoch / Math.max(1e-9, (now - epochStart) / 1e9), lastLoss);
            }
        }

        @Override
        public void onEpochEnd(EpochRecord record, long nanos) {
            observer.epochFinished(nanos / 1e9);
            beat();
        }

        private void beat() {
            beat(false);
        }

        /**
         * @param evenIfDraining also when the worker drains (its last heartbeat names the shutdown
         *     checkpoint)
         */
        private void beat(boolean evenIfDraining) {
            lastBeat = System.nanoTime();
            if (cancellation != null || (draining && !evenIfDraining)) {
                return;
            }
            String error = writer.lastError();
            String n = error.isEmpty() ? note : (note.isEmpty() ? error : note + "; " + error);
            try {
                ctx.heartbeat(
                        new TrainingProgress(
                                session.epoch(), session.batch(), lastLoss, writer.newest(), n));
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
