package io.mlaops.activities.staging;

import java.util.Map;
import java.util.Objects;

/**
 * Where a data set comes from.
 *
 * @param kind a kind of {@link io.mlaops.model.data.kinds.DatasetKinds} (synthetic, folder,
 *     av-digits, ...)
 * @param name data set name in the object store
 * @param options the kind's options, complete and canonical once a spec was read
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetSource(String kind, String name, Map<String, String> options) {
    public DatasetSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        options = Map.copyOf(options);
    }
}
