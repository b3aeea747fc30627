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

    /**
     * @param source the source
     * @return its recipe (see {@link io.mlaops.model.data.kinds.DatasetKind#recipe}), empty when
     *     only building can tell
     * @throws IllegalArgumentException for an unknown kind or bad options (not retried)
     * @throws IOException when a tool's version cannot be read
     */
    default java.util.Optional<String> recipe(DatasetSource source) throws IOException {
        return java.util.Optional.empty();
    }
}
