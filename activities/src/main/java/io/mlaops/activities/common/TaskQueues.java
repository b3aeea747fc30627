package io.mlaops.activities.common;

/** Task queue names: CPU work (staging, tracking) and device work (training, evaluation). */
public final class TaskQueues {
    /** Staging and tracking. */
    public static final String CPU = "mla-cpu";

    /** Training and evaluation, served by GPU workers (the same worker on CPU on a laptop). */
    public static final String GPU = "mla-gpu";

    /** Workflows. */
    public static final String WORKFLOWS = "mla-workflows";

    private TaskQueues() {}
}
