package io.mlaops.activities.cells;

import io.mlaops.model.cell.EngineIdentity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Which engine trains on the device queue: served by every training worker on {@link
 * io.mlaops.activities.common.TaskQueues#GPU_ENGINE}, beside its device queue with slots of its
 * own, so that asking never waits for a training to end.
 */
@ActivityInterface
public interface EngineActivities {
    /**
     * @return this worker's engine for its training device
     */
    @ActivityMethod
    EngineIdentity trainingEngine();
}
