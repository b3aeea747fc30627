package io.mlaops.activities.common;

/** Task queue names: CPU work (staging, tracking) and device work (training, evaluation). */
public final class TaskQueues {
    /** Staging and tracking. */
    public static final String CPU = "mla-cpu";

    /** Training and evaluation, served by GPU workers (the same worker on CPU on a laptop). */
    public static final String GPU = "mla-gpu";

    /**
     * Served by every worker of {@link #GPU}, beside it, with slots of its own: answers which
     * engine trains there (a cell's content id includes it) without queueing behind trainings.
     */
    public static final String GPU_ENGINE = "mla-gpu-engine";

    /** Workflows. */
    public static final String WORKFLOWS = "mla-workflows";

    private TaskQueues() {}
}
