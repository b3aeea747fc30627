package io.mlaops.infra.sweep;

/**
 * The bounds a spec (or the flags of {@code mla ablate}) is checked against when it is read, before
 * anything starts: what a user writes is multiplied into workflows, MLflow runs, checkpoints and
 * rows, and becomes part of ids and names that Temporal and MLflow cap.
 */
public final class SpecLimits {
    private SpecLimits() {}

    /** Longest name of a sweep, pipeline or data set (it is part of ids, run names, file names). */
    public static final int NAME_LENGTH = 64;

    /** Most seeds per configuration. */
    public static final int SEEDS = 1000;

    /** Most data sets in a sweep. */
    public static final int DATASETS = 50;

    /** Most cells (trainings) in one sweep. */
    public static final int CELLS = 10_000;

    /** Temporal's longest workflow id ({@code limit.maxIDLength}, the server's default). */
    public static final int TEMPORAL_ID_LENGTH = 1000;

    /** MLflow's longest run name, param and tag key. */
    public static final int MLFLOW_KEY_LENGTH = 250;

    /** MLflow's longest param value. */
    public static final int MLFLOW_PARAM_VALUE_LENGTH = 6000;

    /** MLflow's longest registered model name (its database column). */
    public static final int MLFLOW_MODEL_NAME_LENGTH = 256;

    /** Largest spec file, in characters (the YAML reader's own limit). */
    public static final int SPEC_CHARACTERS = 1_000_000;

    /** Deepest nesting of mappings and lists in a spec. */
    public static final int SPEC_DEPTH = 20;

    /** Most aliases ({@code *name}) of mappings and lists in a spec. */
    public static final int SPEC_ALIASES = 20;

    /**
     * @param what e.g. {@code --seeds}
     * @param n the count asked for
     * @throws IllegalArgumentException when {@code n} is outside 1..{@link #SEEDS}
     */
    public static void seeds(String what, long n) {
        if (n < 1 || n > SEEDS) {
            throw new IllegalArgumentException(
                    what + " " + n + ": expected 1.." + SEEDS + " seeds");
        }
    }

    /**
     * @param what how the grid is named, e.g. {@code the grid}
     * @param cells the number of cells it would train
     * @throws IllegalArgumentException when over {@link #CELLS}
     */
    public static void cells(String what, long cells) {
        if (cells > CELLS) {
            throw new IllegalArgumentException(
                    what
                            + " has "
                            + cells
                            + " cells: expected at most "
                            + CELLS
                            + " per sweep (fewer seeds, methods, variants or data sets; or several sweeps)");
        }
    }

    /**
     * A registered model name as MLflow takes it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void modelName(String where, String name) {
        if (name.isBlank()
                || name.length() > MLFLOW_MODEL_NAME_LENGTH
                || name.chars().anyMatch(c -> c < 0x20 || c == '/' || c == ':' || c == '\\')
                || name.equals(".")
                || name.equals("..")) {
            throw new IllegalArgumentException(
                    where
                            + " '"
                            + (name.length() > 80 ? name.substring(0, 80) + "..." : name)
                            + "': expected an MLflow registered model name (1.."
                            + MLFLOW_MODEL_NAME_LENGTH
                            + " characters, no '/', ':', '\\\\' or control characters)");
        }
    }
}
