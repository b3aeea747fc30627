package io.mlaops.activities.staging;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Builds or imports a data set, validates it and stores it content-addressed. CPU task queue. */
@ActivityInterface
public interface StagingActivities {
    /**
     * @param source where the data comes from
     * @return the staged data set (reused, not uploaded again, when its content hash is known)
     */
    @ActivityMethod
    StagedDataset stage(DatasetSource source);
}
