package io.mlaops.activities.training;

import io.mlaops.activities.store.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes a training's checkpoints to the object store without holding up training: the training
 * thread serialises the state (a consistent snapshot at a batch boundary) and hands the bytes over;
 * one background thread uploads them. At most one upload is in flight: a checkpoint that falls due
 * while the previous one still uploads is skipped, so a slow store never queues up memory or stalls
 * the trainer.
 *
 * <p>Retention: once a checkpoint is stored, the run's checkpoints older than the one before it are
 * deleted, and once the final one is stored, all others are: a cell keeps its two newest resume
 * points while it trains (so a damaged newest one falls back to the one before, not to the start)
 * and only its final checkpoint after. Failed uploads are remembered ({@link #lastError()}) and
 * retried at the next checkpoint; only the final checkpoint must succeed (see {@link #putFinal}).
 */
final class CheckpointWriter implements AutoCloseable {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(CheckpointWriter.class);

    private final BlobStore store;
    private final String runKey;
    private final TrainingObserver observer;
    private final ExecutorService uploader;
    private final List<String> older = new ArrayList<>();
    private Future<?> inFlight;
    private volatile String newest;
    private volatile String lastError = "";
    private double uploadSeconds;
    private int uploads;

    /**
     * @param existing keys of the run's checkpoints already in the store (older attempts)
     * @param resumedFrom the checkpoint this attempt resumed from, empty for none
     */
    CheckpointWriter(
            BlobStore store,
            String runKey,
            TrainingObserver observer,
            List<String> existing,
            String resumedFrom) {
        this.store = store;
        this.runKey = runKey;
        this.observer = observer;
        existing.stream().filter(k -> CheckpointName.parse(k).isPresent()).forEach(this.older::add);
        this.newest = resumedFrom;
        this.uploader =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "checkpoint-upload-" + runKey);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * @return whether an upload is still in flight
     */
    synchronized boolean busy() {
        return inFlight != null && !inFlight.isDone();
    }

    /**
     * Uploads a periodic checkpoint in the background.
     *
     * @param name e.g. {@link CheckpointName#periodic}
     * @param bytes the serialised state
     * @return false when skipped because the previous upload is still in flight
     */
    synchronized boolean submit(String name, byte[] bytes) {
        if (busy()) {
            return false;
        }
        String key = CheckpointName.key(runKey, name);
        inFlight =
                uploader.submit(
                        () -> {
                            try {
                                String previous = newest;
                                upload(key, bytes);
                                lastError = "";
                                prune(key, previous);
                            } catch (IOException | RuntimeException e) {
                                lastError = "checkpoint " + key + " not stored: " + e.getMessage();
                                LOG.warn(
                                        "{} (training goes on; the next checkpoint tries again)",
                                        lastError);
                            }
                        });
        return true;
    }

    /** Waits for the upload in flight, if any. */
    void await() {
        Future<?> f;
        synchronized (this) {
            f = inFlight;
        }
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // reported through lastError
        }
    }

    /**
     * Stores a checkpoint now, on the calling thread (cancel and shutdown points): waits for the
     * upload in flight first, so the store never holds an older state named as newer.
     *
     * @return its key
     * @throws IOException when it cannot be stored
     */
    String putNow(String name, byte[] bytes) throws IOException {
        await();
        String key = CheckpointName.key(runKey, name);
        String previous = newest;
        upload(key, bytes);
        prune(key, previous);
        return key;
    }

    /**
     * Stores the final checkpoint, trying again for a while (with the trained model in memory, a
     * store that refuses for a minute costs a minute, not the training), then removes every other
     * checkpoint of the run.
     *
     * @param attempts how many times to try
     * @param firstDelayMillis wait before the second try, doubling after each
     * @param onRetry told about each failure before the next try
     * @return the checkpoint's SHA-256
     * @throws IOException the last failure when every try failed
     */
    String putFinal(
            byte[] bytes,
            int attempts,
            long firstDelayMillis,
            java.util.function.Consumer<String> onRetry)
            throws IOException {
        await();
        String key = CheckpointName.key(runKey, CheckpointName.FINAL);
        IOException last = null;
        long delay = firstDelayMillis;
        for (int i = 1; i <= attempts; i++) {
            try {
                String sum = upload(key, bytes);
                prune(key, "");
                return sum;
            } catch (IOException e) {
                last = e;
                if (i < attempts) {
                    String msg =
                            "final checkpoint not stored (try "
                                    + i
                                    + " of "
                                    + attempts
                                    + "): "
                                    + e.getMessage();
                    LOG.warn(msg);
                    onRetry.accept(msg);
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while storing the final checkpoint", ie);
                    }
                    delay *= 2;
                }
            }
        }
        throw last;
    }

    private String upload(String key, byte[] bytes) throws IOException {
        long t = System.nanoTime();
        String sum;
        try {
            sum = store.put(key, bytes);
        } catch (IOException | RuntimeException e) {
            observer.checkpointUploadFailed(runKey);
            throw e;
        }
        double s = (System.nanoTime() - t) / 1e9;
        synchronized (this) {
            uploadSeconds += s;
            uploads++;
        }
        observer.checkpointUploaded(bytes.length, s);
        newest = key;
        return sum;
    }

    /**
     * Deletes the run's checkpoints known to this writer except {@code keep} and {@code previous}
     * (best effort: a leftover costs space, not correctness). {@code previous} is the checkpoint
     * that was newest before {@code keep}: the one this attempt resumed from or uploaded last, so
     * known to be intact. A newer-named one skipped as damaged on resume is not kept in its stead.
     *
     * @param previous the newest checkpoint before {@code keep}; empty to keep {@code keep} alone
     */
    private void prune(String keep, String previous) {
        List<String> doomed;
        synchronized (this) {
            older.remove(keep);
            older.remove(previous);
            doomed = new ArrayList<>(older);
            older.clear();
            older.add(keep);
            if (!previous.isEmpty() && !previous.equals(keep)) {
                older.add(previous);
            }
        }
        for (String k : doomed) {
            try {
                store.delete(k);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not remove the superseded checkpoint {}: {}", k, e.getMessage());
                synchronized (this) {
                    older.add(k);
                }
            }
        }
    }

    /**
     * @return the newest checkpoint stored by this attempt or resumed from, empty if none
     */
    String newest() {
        return newest == null ? "" : newest;
    }

    /**
     * @return why the last periodic upload failed, empty after a success
     */
    String lastError() {
        return lastError;
    }

    /**
     * @return seconds spent uploading (background and foreground)
     */
    synchronized double uploadSeconds() {
        return uploadSeconds;
    }

    /**
     * @return checkpoints stored by this attempt
     */
    synchronized int uploads() {
        return uploads;
    }

    @Override
    public void close() {
        uploader.shutdown();
        try {
            if (!uploader.awaitTermination(60, TimeUnit.SECONDS)) {
                uploader.shutdownNow();
            }
        } catch (InterruptedException e) {
            uploader.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
