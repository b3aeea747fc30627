package io.mlaops.activities.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.store.FileBlobStore;
import io.mlaops.model.data.MultimodalDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging knows before it builds: a data set whose kind states its recipe is built once per version
 * and found again by the recipe without building; other options are another version; a damaged
 * pointer or a vanished archive means building again, never a wrong data set.
 */
class StagingByRecipeTest {
    /** The built-in kinds, counting how often a data set is really built. */
    private static final class Counting implements DatasetFactory {
        final BuiltInDatasets real = new BuiltInDatasets();
        final AtomicInteger builds = new AtomicInteger();

        @Override
        public MultimodalDataset build(DatasetSource source) throws IOException {
            builds.incrementAndGet();
            return real.build(source);
        }

        @Override
        public Optional<String> recipe(DatasetSource source) throws IOException {
            return real.recipe(source);
        }
    }

    @Test
    void aStagedVersionIsFoundByItsRecipeWithoutBuilding(@TempDir Path dir) throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        Counting kinds = new Counting();
        StagingActivitiesImpl staging = new StagingActivitiesImpl(store, kinds);
        DatasetSource s0 = new DatasetSource("synthetic", "synthetic", Map.of("seed", "0"));

        StagedDataset first = staging.stage(s0);
        assertFalse(first.reused());
        assertEquals(1, kinds.builds.get());
        StagedDataset again = staging.stage(s0);
        assertTrue(again.reused());
        assertEquals(1, kinds.builds.get(), "staged again by building");
        assertEquals(first.contentHash(), again.contentHash());
        assertEquals(first.objectSha256(), again.objectSha256());
        assertEquals(first.splitSizes(), again.splitSizes());

        // other options: another version, built
        StagedDataset other =
                staging.stage(new DatasetSource("synthetic", "synthetic", Map.of("seed", "1")));
        assertEquals(2, kinds.builds.get());
        assertNotEquals(first.contentHash(), other.contentHash());

        // a damaged pointer is not trusted: built again (same content, so the archive is reused)
        // and rewritten
        String pointer =
                StagingActivitiesImpl.recipeKey(
                        "synthetic", "synthetic", kinds.recipe(s0).orElseThrow());
        Path file = dir.resolve(pointer);
        Files.writeString(file, "{\"garbled\"");
        StagedDataset rebuilt = staging.stage(s0);
        assertEquals(3, kinds.builds.get());
        assertEquals(first.contentHash(), rebuilt.contentHash());
        assertTrue(rebuilt.reused(), "the archive of that content was there already");
        staging.stage(s0);
        assertEquals(3, kinds.builds.get(), "the rewritten pointer is used");

        // the archive vanished: built and uploaded again
        store.delete(first.objectKey());
        StagedDataset restaged = staging.stage(s0);
        assertEquals(4, kinds.builds.get());
        assertFalse(restaged.reused());
        assertEquals(first.contentHash(), restaged.contentHash());
    }
}
