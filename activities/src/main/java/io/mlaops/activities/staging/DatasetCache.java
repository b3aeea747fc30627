package io.mlaops.activities.staging;

import io.mlaops.model.data.MultimodalDataset;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The staged data sets a worker process has loaded lately, decoded, keyed by the SHA-256 of the
 * staged object (which fixes its content hash too). A sweep's cells share one data set: each worker
 * then downloads, verifies and decodes it once instead of once per cell and phase. A data set
 * enters the cache only after its object's SHA-256 and its content hash were verified, and data
 * sets are immutable, so an entry is as good as a fresh download. Least recently used first out;
 * {@code MLA_DATASET_CACHE_ENTRIES} (default 2) entries at most, 0 to turn it off.
 */
final class DatasetCache {
    private static final int ENTRIES = entries();
    private static final Map<String, MultimodalDataset> CACHE = new LinkedHashMap<>(8, 0.75f, true);

    private DatasetCache() {}

    private static int entries() {
        String v = System.getenv("MLA_DATASET_CACHE_ENTRIES");
        try {
            return v == null || v.isBlank() ? 2 : Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "MLA_DATASET_CACHE_ENTRIES '"
                            + v
                            + "': expected a whole number of data sets, e.g. 2");
        }
    }

    interface Loader {
        MultimodalDataset load() throws IOException;
    }

    /**
     * @param key the staged object's SHA-256 and content hash
     * @param loader downloads, verifies and decodes it (called when not cached)
     * @return the data set
     */
    static MultimodalDataset get(String key, Loader loader) throws IOException {
        synchronized (CACHE) {
            MultimodalDataset hit = CACHE.get(key);
            if (hit != null) {
                return hit;
            }
        }
        MultimodalDataset ds = loader.load();
        if (ENTRIES > 0) {
            synchronized (CACHE) {
                CACHE.put(key, ds);
                while (CACHE.size() > ENTRIES) {
                    CACHE.remove(CACHE.keySet().iterator().next());
                }
            }
        }
        return ds;
    }
}
