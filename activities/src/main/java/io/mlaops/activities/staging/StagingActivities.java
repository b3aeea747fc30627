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

    /**
     * The staged version of a data set, when its recipe names one, without building anything (for a
     * plan: which cells would be reused needs the data's content hash).
     *
     * @param source where the data comes from
     * @return the staged data set, empty when it was never staged or only building can tell its
     *     content (a folder)
     */
    @ActivityMethod
    java.util.Optional<StagedDataset> known(DatasetSource source);
}
