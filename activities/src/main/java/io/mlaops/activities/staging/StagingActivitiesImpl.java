package io.mlaops.activities.staging;

import io.mlaops.activities.common.Failures;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.util.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Stages data sets into a {@link BlobStore} under {@code datasets/<name>/<content-hash>/}. */
public final class StagingActivitiesImpl implements StagingActivities {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final BlobStore store;
    private final DatasetFactory datasets;
    private final io.mlaops.activities.training.TrainingObserver observer;

    public StagingActivitiesImpl(BlobStore store, DatasetFactory datasets) {
        this(store, datasets, io.mlaops.activities.training.TrainingObserver.NONE);
    }

    /**
     * @param observer receives the staged bytes (worker metrics)
     */
    public StagingActivitiesImpl(
            BlobStore store,
            DatasetFactory datasets,
            io.mlaops.activities.training.TrainingObserver observer) {
        this.store = store;
        this.datasets = datasets;
        this.observer = observer;
    }

    /**
     * @return the object key of a data set archive
     */
    public static String key(String name, String contentHash) {
        return "datasets/" + name + "/" + contentHash + "/dataset.mla.gz";
    }

    /**
     * @return the key of the pointer from a data set's recipe to its staged version
     */
    static String recipeKey(String name, String kind, String recipe) {
        return "datasets/" + name + "/recipes/" + Sha256.hex(kind + "\n" + recipe) + ".json";
    }

    /**
     * Stages a data set. A kind that can state its recipe (generator or builder version, options,
     * package and tool versions) is looked up by it first: a version staged before is reused
     * without building (a reuse-only sweep stages in well under a second). Otherwise, or the first
     * time, it is built, its content hash computed, and the archive uploaded unless that content is
     * already there; the recipe then points at it.
     */
    @Override
    public StagedDataset stage(DatasetSource source) {
        try {
            Optional<String> recipe = datasets.recipe(source);
            String pointer = recipe.map(r -> recipeKey(source.name(), source.kind(), r)).orElse("");
            if (!pointer.isEmpty()) {
                Optional<StagedDataset> known = staged(pointer);
                if (known.isPresent()) {
                    observer.datasetStaged(source.name(), 0, true);
                    return known.get();
                }
            }
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
            StagedDataset staged =
                    new StagedDataset(
                            source.name(),
                            hash,
                            key,
                            sum,
                            ds.modalityNames(),
                            ds.numClasses(),
                            reused,
                            store.uri(key),
                            dims,
                            sizes);
            if (!pointer.isEmpty()) {
                store.put(pointer, JSON.writeValueAsBytes(staged));
            }
            return staged;
        } catch (IllegalArgumentException | io.mlaops.model.data.digits.ToolMissingException e) {
            throw Failures.classify(e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "staging '" + source.name() + "' into " + store.describe() + " failed", e);
        }
    }

    @Override
    public Optional<StagedDataset> known(DatasetSource source) {
        try {
            Optional<String> recipe = datasets.recipe(source);
            if (recipe.isEmpty()) {
                return Optional.empty();
            }
            return staged(recipeKey(source.name(), source.kind(), recipe.get()));
        } catch (IllegalArgumentException | io.mlaops.model.data.digits.ToolMissingException e) {
            throw Failures.classify(e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "looking up '" + source.name() + "' in " + store.describe() + " failed", e);
        }
    }

    /**
     * @return the staged version a recipe points at, if the pointer and the object it names are
     *     intact
     */
    private Optional<StagedDataset> staged(String pointer) throws IOException {
        StagedDataset s;
        try {
            s = JSON.readValue(store.get(pointer), StagedDataset.class);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty(); // never staged by this recipe
        } catch (io.mlaops.activities.store.BlobIntegrityException
                | com.fasterxml.jackson.core.JacksonException e) {
            return Optional.empty(); // a damaged pointer: build again, which rewrites it
        }
        if (!store.sha256(s.objectKey()).equals(Optional.of(s.objectSha256()))) {
            return Optional.empty(); // the archive it names is gone or was replaced
        }
        return Optional.of(
                new StagedDataset(
                        s.name(),
                        s.contentHash(),
                        s.objectKey(),
                        s.objectSha256(),
                        s.modalities(),
                        s.classes(),
                        true,
                        s.uri(),
                        s.dimensions(),
                        s.splitSizes()));
    }

    /**
     * Downloads and decodes a staged data set (verifies the object's SHA-256 and the content hash),
     * or takes it from this process's {@link DatasetCache} when it was loaded lately.
     *
     * @param store the store
     * @param staged what was staged
     * @return the data set
     */
    public static MultimodalDataset load(BlobStore store, StagedDataset staged) throws IOException {
        return DatasetCache.get(
                staged.objectSha256() + "/" + staged.contentHash(),
                () -> DatasetArchive.decode(store.get(staged.objectKey()), staged.contentHash()));
    }
}
