package io.mlaops.infra.worker;

import java.util.Locale;
import java.util.Set;

/**
 * What one worker process serves.
 *
 * @param queues any of {@code cpu} (staging, tracking), {@code gpu} (training, evaluation) and
 *     {@code workflows}
 * @param maxTrainings trainings (and evaluations) run at once on the device queue, >= 1
 * @param heartbeatMillis minimum time between training heartbeats
 */
public record WorkerSettings(Set<String> queues, int maxTrainings, long heartbeatMillis) {
    private static final Set<String> KNOWN = Set.of("cpu", "gpu", "workflows");

    /** @throws IllegalArgumentException naming an unknown queue or a bad count */
    public WorkerSettings {
        queues = Set.copyOf(queues);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("--queues is empty: expected any of cpu, gpu, workflows");
        }
        for (String q : queues) {
            if (!KNOWN.contains(q.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("--queues: unknown queue '" + q + "', expected any of cpu, gpu, workflows");
            }
        }
        if (maxTrainings < 1) {
            throw new IllegalArgumentException("--max-trainings " + maxTrainings + ": expected at least 1");
        }
    }
}
