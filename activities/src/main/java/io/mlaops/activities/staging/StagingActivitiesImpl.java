package io.mlaops.activities.staging;

import io.mlaops.activities.common.Failures;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.MultimodalDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Stages data sets into a {@link BlobStore} under {@code datasets/<name>/<content-hash>/}. */
public final class StagingActivitiesImpl implements StagingActivities {
    private final BlobStore store;
    private final DatasetFactory datasets;
    private final io.mlaops.activities.training.TrainingObserver observer;

    public StagingActivitiesImpl(BlobStore store, DatasetFactory datasets) {
        this(store, datasets, io.mlaops.activities.training.TrainingObserver.NONE);
    }

    /** @param observer receives the staged bytes (worker metrics) */
    public StagingActivitiesImpl(BlobStore store, DatasetFactory datasets, io.mlaops.activities.training.TrainingObserver observer) {
        this.store = store;
        this.datasets = datasets;
        this.observer = observer;
    }

    /** @return the object key of a data set archive */
    public static String key(String name, String contentHash) {
        return "datasets/" + name + "/" + contentHash + "/dataset.mla.gz";
    }

    @Override
    public StagedDataset stage(DatasetSource source) {
        try {
            MultimodalDataset ds = datasets.build(source);
            String hash = DatasetFingerprint.sha256(ds);
            String key = key(source.name(), hash);
            Optional<String> existing = store.sha256(key);
            String sum;
            boolean reused = existing.isPresent();
            if (reused) {
                sum = existing.get();
                observer.datasetStaged(source.name(), 0, true);
            } else {
                byte[] archive = DatasetArchive.encode(ds);
                sum = store.put(key, archive);
                observer.datasetStaged(source.name(), archive.length, false);
            }
            java.util.Map<String, Integer> dims = new java.util.LinkedHashMap<>();
            ds.modalityNames().forEach(m -> dims.put(m, ds.train().dimension(m)));
            java.util.Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
            sizes.put("train", ds.train().size());
            sizes.put("validation", ds.validation().size());
            sizes.put("test", ds.test().size());
            return new StagedDataset(source.name(), hash, key, sum, ds.modalityNames(), ds.numClasses(), reused, store.uri(key),
                    dims, sizes);
        } catch (IllegalArgumentException | io.mlaops.model.data.digits.ToolMissingException e) {
            throw Failures.classify(e);
        } catch (IOException e) {
            throw new UncheckedIOException("staging '" + source.name() + "' into " + store.describe() + " failed", e);
        }
    }

    /**
     * Downloads and decodes a staged data set (verifies the object's SHA-256 and the content hash).
     *
     * @param store the store
     * @param staged what was staged
     * @return the data set
     */
    public static MultimodalDataset load(BlobStore store, StagedDataset staged) throws IOException {
        return DatasetArchive.decode(store.get(staged.objectKey()), staged.contentHash());
    }
}
