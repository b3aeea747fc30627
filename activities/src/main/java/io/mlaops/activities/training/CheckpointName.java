package io.mlaops.activities.training;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checkpoint object of a training, {@code cells/<id>/checkpoints/<name>.ckpt} for a cell known by
 * its content id (or {@code checkpoints/<runKey>/<name>.ckpt}, the layout of trainings keyed by
 * sweep and cell key before the cell store, which their recorded histories still use), and the
 * position it holds. Names: {@code epoch-0003-b00012} (taken by time, at a batch boundary), {@code
 * epoch-0003} (end of an epoch, older runs), {@code cancel-e0003-b00012} and {@code
 * shutdown-e0003-b00012} (a cancelled or drained attempt), {@code final} (training complete). Every
 * one of them is a valid point to resume from: training is deterministic, so any checkpoint of a
 * run key lies on the same path.
 *
 * @param key the object key
 * @param name the name without folder and extension
 * @param epoch next epoch to run from it
 * @param batch next batch within that epoch
 */
public record CheckpointName(String key, String name, int epoch, int batch) {
    /** The final checkpoint's name. */
    public static final String FINAL = "final";

    private static final Pattern POSITION =
            Pattern.compile("(?:epoch-(\\d+)(?:-b(\\d+))?|(?:cancel|shutdown)-e(\\d+)-b(\\d+))");

    /** Newest position first; the final checkpoint before all. */
    public static final Comparator<CheckpointName> NEWEST_FIRST =
            Comparator.comparing(CheckpointName::isFinal)
                    .thenComparingInt(CheckpointName::epoch)
                    .thenComparingInt(CheckpointName::batch)
                    .reversed();

    /**
     * @param runKey a cell's content id, or a training key of the layout before the cell store
     * @return the prefix under which a run's checkpoints live
     */
    public static String prefix(String runKey) {
        return io.mlaops.model.cell.CellIdentity.isId(runKey)
                ? io.mlaops.activities.cells.CellStore.checkpointPrefix(runKey)
                : "checkpoints/" + runKey + "/";
    }

    /**
     * @return the key of a run's checkpoint {@code name}
     */
    public static String key(String runKey, String name) {
        return prefix(runKey) + name + ".ckpt";
    }

    /**
     * @return the name of a checkpoint taken by time at (epoch, batch)
     */
    public static String periodic(int epoch, int batch) {
        return String.format(Locale.ROOT, "epoch-%04d-b%05d", epoch, batch);
    }

    /**
     * @return the name of a checkpoint taken when training stopped at (epoch, batch): {@code
     *     cancel} (the run was cancelled) or {@code shutdown} (the worker drains)
     */
    public static String stopped(String reason, int epoch, int batch) {
        return String.format(Locale.ROOT, "%s-e%04d-b%05d", reason, epoch, batch);
    }

    /**
     * @param key an object key under {@link #prefix}
     * @return its position, empty when the key is no checkpoint of ours
     */
    public static Optional<CheckpointName> parse(String key) {
        if (!key.endsWith(".ckpt")) {
            return Optional.empty();
        }
        String name = key.substring(key.lastIndexOf('/') + 1, key.length() - ".ckpt".length());
        if (name.equals(FINAL)) {
            return Optional.of(new CheckpointName(key, name, Integer.MAX_VALUE, Integer.MAX_VALUE));
        }
        Matcher m = POSITION.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(1) != null) {
            // "epoch-N" was written after epoch N-1 ended: the next epoch to run is N
            return Optional.of(
                    new CheckpointName(
                            key,
                            name,
                            Integer.parseInt(m.group(1)),
                            m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
        }
        return Optional.of(
                new CheckpointName(
                        key, name, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
    }

    /**
     * @return whether this is the final checkpoint
     */
    public boolean isFinal() {
        return name.equals(FINAL);
    }
}
