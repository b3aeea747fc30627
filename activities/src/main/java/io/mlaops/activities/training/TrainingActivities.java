package io.mlaops.activities.training;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Trains one cell on the device task queue, heartbeating and checkpointing every epoch. */
@ActivityInterface
public interface TrainingActivities {
    /**
     * @param request what to train
     * @return the final checkpoint and history
     */
    @ActivityMethod
    TrainingResult train(TrainingRequest request);
}
