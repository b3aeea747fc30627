package io.mlaops.infra.worker;

import io.mlaops.model.device.ComputeDevice;
import java.util.Locale;
import java.util.Set;

/**
 * What one worker process serves.
 *
 * @param queues any of {@code cpu} (staging, tracking), {@code gpu} (training, evaluation) and
 *     {@code workflows}
 * @param maxTrainings trainings (and evaluations) run at once on the device queue, >= 1
 * @param heartbeatMillis minimum time between training heartbeats
 * @param identity the worker's identity in Temporal and in every training result (MLflow tag {@code
 *     mla.worker}); empty: Temporal's default {@code pid@host}
 * @param device where the device queue's trainings run
 */
public record WorkerSettings(
        Set<String> queues,
        int maxTrainings,
        long heartbeatMillis,
        String identity,
        ComputeDevice device) {
    /** The {@code --queues} names and the task queues they stand for. */
    private static final java.util.Map<String, String> TASK_QUEUES =
            java.util.Map.of(
                    "workflows", io.mlaops.activities.common.TaskQueues.WORKFLOWS,
                    "cpu", io.mlaops.activities.common.TaskQueues.CPU,
                    "gpu", io.mlaops.activities.common.TaskQueues.GPU);

    private static final Set<String> KNOWN = TASK_QUEUES.keySet();

    /**
     * @throws IllegalArgumentException naming an unknown queue, a bad count or identity
     */
    public WorkerSettings {
        queues = Set.copyOf(queues);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException(
                    "--queues is empty: expected any of cpu, gpu, workflows");
        }
        for (String q : queues) {
            if (!KNOWN.contains(q.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "--queues: unknown queue '" + q + "', expected any of cpu, gpu, workflows");
            }
        }
        if (maxTrainings < 1) {
            throw new IllegalArgumentException(
                    "--max-trainings " + maxTrainings + ": expected at least 1");
        }
        identity = identity == null ? "" : identity.trim();
        if (identity.length() > 200 || identity.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "--identity: expected at most 200 printable characters");
        }
        device = device == null ? ComputeDevice.AUTO : device;
    }

    /**
     * @return the Temporal task queues this worker polls ({@link
     *     io.mlaops.activities.common.TaskQueues}' names)
     */
    public Set<String> taskQueues() {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        queues.forEach(q -> out.add(TASK_QUEUES.get(q.toLowerCase(Locale.ROOT))));
        return out;
    }

    /** Default identity, the engine's default device. */
    public WorkerSettings(Set<String> queues, int maxTrainings, long heartbeatMillis) {
        this(queues, maxTrainings, heartbeatMillis, "", ComputeDevice.AUTO);
    }
}
