package io.mlaops.activities.tracking;

import java.util.Objects;

/**
 * A run's data set as lineage: what MLflow calls a dataset input ({@code runs/log-inputs}), so the
 * UI's Datasets column and a search by digest find every run trained on one data set version.
 *
 * @param name data set name
 * @param digest short content digest (MLflow allows at most 36 characters)
 * @param sourceType where it lives, e.g. {@code s3}
 * @param source its address, e.g. {@code s3://mla/datasets/av-digits/<hash>/dataset.mla.gz}
 * @param schema JSON: modalities with dimensions, classes
 * @param profile JSON: split sizes and the full content hash
 * @param context how the run used it, e.g. {@code train}
 */
public record DatasetInput(
        String name,
        String digest,
        String sourceType,
        String source,
        String schema,
        String profile,
        String context) {
    /** MLflow's limit on a dataset digest. */
    public static final int MAX_DIGEST = 36;

    public DatasetInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (digest == null || digest.isEmpty() || digest.length() > MAX_DIGEST) {
            throw new IllegalArgumentException(
                    "dataset digest '" + digest + "': expected 1 to " + MAX_DIGEST + " characters");
        }
    }
}
