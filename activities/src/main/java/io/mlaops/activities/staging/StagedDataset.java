package io.mlaops.activities.staging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A data set stored in the object store under {@code datasets/<name>/<contentHash>/}.
 *
 * @param name data set name
 * @param contentHash SHA-256 over the data (not the files)
 * @param objectKey key of the data set object
 * @param objectSha256 SHA-256 of the stored object, verified on download
 * @param modalities modality names in declaration order
 * @param classes number of classes
 * @param reused whether an identical data set was already staged (nothing uploaded)
 * @param uri where the staged object lives, e.g. {@code s3://mla/datasets/...} (lineage)
 * @param dimensions feature dimension per modality (lineage schema)
 * @param splitSizes samples per split (lineage profile)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record StagedDataset(
        String name,
        String contentHash,
        String objectKey,
        String objectSha256,
        List<String> modalities,
        int classes,
        boolean reused,
        String uri,
        Map<String, Integer> dimensions,
        Map<String, Integer> splitSizes) {
    public StagedDataset {
        Objects.requireNonNull(contentHash, "contentHash");
        modalities = List.copyOf(modalities);
        uri = uri == null ? "" : uri;
        // histories recorded before these fields existed carry none
        dimensions =
                dimensions == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        splitSizes =
                splitSizes == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(splitSizes));
    }
}
