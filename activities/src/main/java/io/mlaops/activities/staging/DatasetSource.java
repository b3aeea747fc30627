package io.mlaops.activities.staging;

import java.util.Map;
import java.util.Objects;

/**
 * Where a data set comes from.
 *
 * @param kind {@code synthetic} (built-in generator; options {@code seed}), {@code folder} (a data
 *     set folder with manifest.json; option {@code path}), or a builder known to the staging
 *     worker (e.g. {@code av-digits})
 * @param name data set name in the object store
 * @param options kind-specific options
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetSource(String kind, String name, Map<String, String> options) {
    public DatasetSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        options = Map.copyOf(options);
    }
}
