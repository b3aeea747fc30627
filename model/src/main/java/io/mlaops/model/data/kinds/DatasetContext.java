package io.mlaops.model.data.kinds;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Where a data set kind reads and caches: the platform's home ({@code MLA_HOME}) and a progress
 * sink for long builds.
 *
 * @param home the home folder (data sets under {@code datasets/}, package caches under {@code
 *     cache/})
 * @param progress receives the number of samples built so far
 */
public record DatasetContext(Path home, IntConsumer progress) {
    public DatasetContext {
        Objects.requireNonNull(home, "home");
        progress = progress == null ? n -> {} : progress;
    }

    /**
     * @return a context without progress output
     */
    public static DatasetContext of(Path home) {
        return new DatasetContext(home, null);
    }

    /**
     * @return the npm package cache
     */
    public Path npmCache() {
        return home.resolve("cache").resolve("npm");
    }

    /**
     * @return the folder of named data sets
     */
    public Path datasets() {
        return home.resolve("datasets");
    }
}
