package io.mlaops.activities.staging;

import io.mlaops.model.data.MultimodalDataset;
import java.io.IOException;

/** Builds or loads the data set a {@link DatasetSource} names. */
@FunctionalInterface
public interface DatasetFactory {
    /**
     * @param source the source
     * @return the validated data set
     * @throws IllegalArgumentException for an unknown kind or bad options (not retried)
     * @throws IOException when reading fails (retried)
     */
    MultimodalDataset build(DatasetSource source) throws IOException;
}
