package io.mlaops.model.data.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.ModalitySpec;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.importer.DatasetImporter;
import io.mlaops.model.data.importer.ImportSpec;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.train.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shaped modalities ([T, F], [C, H, W]) through the files, the hash and import. */
class ShapedDatasetFilesTest {
    @Test
    void shapesSurviveWriteAndReadAsNumpyShapedArrays(@TempDir Path dir) throws Exception {
        MultimodalDataset ds = TestData.shaped(0.2);
        DatasetManifest m = DatasetFiles.write(ds, dir.resolve("set"), "1", Map.of());
        assertEquals(List.of(2, 4, 4), m.modalities().get(0).shape());
        assertEquals(List.of(4, 4), m.modalities().get(1).shape());
        Map<String, NpyArray> train = Npz.read(dir.resolve("set/train.npz"));
        assertArrayEquals(new int[] {160, 2, 4, 4}, train.get("a").shape());
        assertArrayEquals(new int[] {160, 4, 4}, train.get("b").shape());
        MultimodalDataset back = DatasetFiles.read(dir.resolve("set"));
        assertEquals(ds.modalities(), back.modalities());
        assertEquals(m.contentHash(), DatasetFingerprint.sha256(back));
        assertArrayEquals(ds.test().features("a"), back.test().features("a"));
    }

    @Test
    void aVectorDataSetKeepsItsHashAndItsManifestHasNoShape(@TempDir Path dir) throws Exception {
        MultimodalDataset v = SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(0));
        // the hash docs/results.md gives for this set, computed before shapes existed
        assertTrue(
                DatasetFingerprint.sha256(v).startsWith("645dfc1a6bb3"),
                DatasetFingerprint.sha256(v));
        DatasetManifest m = DatasetFiles.write(TestData.small(0.2), dir.resolve("v"), Map.of());
        assertNull(m.modalities().get(0).shape());
        assertFalse(Files.readString(dir.resolve("v/manifest.json")).contains("shape"));
        // the same values declared as an image are another data set
        MultimodalDataset s = TestData.shaped(0.2);
        MultimodalDataset.Builder flat =
                MultimodalDataset.builder("shaped")
                        .modality("a", 32, "image")
                        .modality("b", 16, "audio")
                        .classNames(s.classNames());
        MultimodalDataset.SPLITS.forEach(x -> flat.split(x, s.split(x)));
        assertNotEquals(DatasetFingerprint.sha256(s), DatasetFingerprint.sha256(flat.build()));
    }

    @Test
    void aBadShapeIsOneClearErrorWhenRead(@TempDir Path dir) throws Exception {
        Path set = dir.resolve("set");
        DatasetFiles.write(TestData.shaped(0.2), set, Map.of());
        Path manifest = set.resolve("manifest.json");
        String good = Files.readString(manifest);
        String[] bad = {
            good.replaceFirst("\"shape\" : \\[ 2, 4, 4 \\]", "\"shape\" : [ 2, 4, 5 ]"),
            good.replaceFirst("\"shape\" : \\[ 2, 4, 4 \\]", "\"shape\" : [ 1, 2, 4, 4 ]"),
            good.replaceFirst("\"shape\" : \\[ 2, 4, 4 \\]", "\"shape\" : [ 4, 2, 4 ]"),
        };
        String[] expected = {
            "has shape [2, 4, 5] (40 values per sample) but dimension 32",
            "expected [D] (a vector), [T, F] (a spectrogram) or [C, H, W] (an image)",
            "has dtype <f4 and shape [160, 2, 4, 4], expected float [160, 4, 2, 4]",
        };
        for (int k = 0; k < bad.length; k++) {
            assertNotEquals(good, bad[k], "the manifest edit " + k + " matched nothing");
            Files.writeString(manifest, bad[k]);
            DatasetValidationException e =
                    assertThrows(DatasetValidationException.class, () -> DatasetFiles.read(set));
            assertTrue(e.getMessage().contains(expected[k]), e.getMessage());
        }
        assertThrows(
                DatasetValidationException.class,
                () -> ModalitySpec.shaped("x", List.of(3, 0), "k"),
                "a size below 1");
    }

    @Test
    void npzImportKeepsImageAndSpectrogramShapes(@TempDir Path dir) throws Exception {
        int n = 40;
        float[] img = new float[n * 3 * 2 * 2];
        float[] spec = new float[n * 5 * 3];
        float[] vec = new float[n * 4];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 12; j++) {
                img[i * 12 + j] = (float) Math.sin(i + 7 * j) + y[i];
            }
            for (int j = 0; j < 15; j++) {
                spec[i * 15 + j] = (float) Math.cos(3 * i + j);
            }
            for (int j = 0; j < 4; j++) {
                vec[i * 4 + j] = i * 0.1f + j;
            }
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("image", new NpyArray("<f4", new int[] {n, 3, 2, 2}, img));
        arrays.put("audio", new NpyArray("<f4", new int[] {n, 5, 3}, spec));
        arrays.put("tab", new NpyArray("<f4", new int[] {n, 4}, vec));
        arrays.put("label", NpyArray.int64(y));
        Path file = dir.resolve("feats.npz");
        Files.write(file, Npz.bytes(arrays));
        MultimodalDataset ds = DatasetImporter.fromNpz(file, ImportSpec.builder("shapes").build());
        assertEquals(List.of(3, 2, 2), ds.requireModality("image").shape());
        assertEquals(List.of(5, 3), ds.requireModality("audio").shape());
        assertEquals(List.of(4), ds.requireModality("tab").shape());
        Path out = dir.resolve("set");
        DatasetFiles.write(ds, out, Map.of());
        assertEquals(ds.modalities(), DatasetFiles.read(out).modalities());

        arrays.put("video", new NpyArray("<f4", new int[] {n, 2, 1, 2, 2}, new float[n * 8]));
        Files.write(file, Npz.bytes(arrays));
        DatasetValidationException e =
                assertThrows(
                        DatasetValidationException.class,
                        () -> DatasetImporter.fromNpz(file, ImportSpec.builder("shapes").build()));
        assertTrue(
                e.getMessage().contains("array 'video' has shape [40, 2, 1, 2, 2]"),
                e.getMessage());
    }
}
