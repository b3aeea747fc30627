package io.mlaops.activities.staging;

import java.util.List;
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
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record StagedDataset(String name, String contentHash, String objectKey, String objectSha256,
        List<String> modalities, int classes, boolean reused) {
    public StagedDataset {
        Objects.requireNonNull(contentHash, "contentHash");
        modalities = List.copyOf(modalities);
    }
}
