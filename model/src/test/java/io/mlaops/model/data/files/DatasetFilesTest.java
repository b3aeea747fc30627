package io.mlaops.model.data.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.data.synthetic.SyntheticModality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFilesTest {
    private static MultimodalDataset small() {
        return SyntheticDatasetGenerator.generate(
                new SyntheticConfig(
                        3,
                        List.of(
                                new SyntheticModality("image", 5, 2.0, 1.0, 0, 0.0),
                                new SyntheticModality("audio", 3, 1.0, 1.0, 1, 0.3)),
                        1.0,
                        40,
                        10,
                        12,
                        5));
    }

    @Test
    void roundTripKeepsEveryValueAndTheHash(@TempDir Path dir) throws Exception {
        MultimodalDataset ds = small();
        DatasetManifest m = DatasetFiles.write(ds, dir.resolve("set"), "1", Map.of("tool", "test"));
        MultimodalDataset back = DatasetFiles.read(dir.resolve("set"));
        assertEquals(DatasetFingerprint.sha256(ds), m.contentHash());
        assertEquals(m.contentHash(), DatasetFingerprint.sha256(back));
        assertArrayEquals(ds.test().features("audio"), back.test().features("audio"));
        assertArrayEquals(ds.train().present("audio"), back.train().present("audio"));
        assertEquals("test", back.provenance().get("tool"));
        assertEquals(Map.of("train", 40, "validation", 10, "test", 12), m.splits());
    }

    @Test
    void sameDataSameFilesSameHash(@TempDir Path dir) throws Exception {
        DatasetManifest a = DatasetFiles.write(small(), dir.resolve("a"), "1", Map.of());
        Thread.sleep(1100); // different file times must not matter
        DatasetManifest b = DatasetFiles.write(small(), dir.resolve("b"), "1", Map.of());
        assertEquals(a.contentHash(), b.contentHash());
        assertEquals(a.files(), b.files());
    }

    @Test
    void checksumMismatchNamesTheFileAndBothSums(@TempDir Path dir) throws Exception {
        Path set = dir.resolve("set");
        DatasetManifest m = DatasetFiles.write(small(), set, "1", Map.of());
        byte[] bytes = Files.readAllBytes(set.resolve("test.npz"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(set.resolve("test.npz"), bytes);
        String msg =
                assertThrows(DatasetValidationException.class, () -> DatasetFiles.read(set))
                        .getMessage();
        assertTrue(msg.contains("test.npz"), msg);
        assertTrue(msg.contains(m.files().get("test.npz")), msg);
        assertTrue(msg.contains(io.mlaops.model.util.Sha256.hex(bytes)), msg);
    }

    @Test
    void failedWriteLeavesNothingHalfWritten(@TempDir Path dir) throws Exception {
        Path set = dir.resolve("set");
        DatasetFiles.write(small(), set, "1", Map.of());
        try (var list = Files.list(dir)) {
            assertEquals(List.of(set), list.toList());
        }
        assertFalse(Files.exists(dir.resolve("missing").resolve("manifest.json")));
        assertThrows(
                java.nio.file.NoSuchFileException.class,
                () -> DatasetFiles.read(dir.resolve("missing")));
    }

    @Test
    void numpyReadsWhatWeWriteAndWeReadWhatNumpyWrites(@TempDir Path dir) throws Exception {
        Path python =
                Path.of("..", ".mla", "venvs", "test-python", "bin", "python")
                        .toAbsolutePath()
                        .normalize();
        Assumptions.assumeTrue(
                Files.isExecutable(python) || "true".equals(System.getenv("CI")),
                "no Python with numpy here (.ci/install-services.sh installs one)");
        DatasetFiles.write(small(), dir.resolve("set"), "1", Map.of());
        String script =
                "import numpy as np\n"
                        + "z = np.load('"
                        + dir.resolve("set/train.npz")
                        + "')\n"
                        + "assert z['image'].dtype == np.float32 and z['image'].shape == (40, 5)\n"
                        + "assert z['label'].dtype == np.int64 and z['audio_present'].dtype == np.bool_\n"
                        + "np.savez_compressed('"
                        + dir.resolve("numpy.npz")
                        + "', x=np.arange(6, dtype=np.float64).reshape(2, 3),"
                        + " y=np.array([1, 2], dtype=np.int32), m=np.array([True, False]))\n";
        Process p =
                new ProcessBuilder(python.toString(), "-c", script)
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        Map<String, NpyArray> a = Npz.read(dir.resolve("numpy.npz"));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, (float[]) a.get("x").data());
        assertArrayEquals(new int[] {2, 3}, a.get("x").shape());
        assertArrayEquals(new long[] {1, 2}, (long[]) a.get("y").data());
        assertArrayEquals(new boolean[] {true, false}, (boolean[]) a.get("m").data());
    }
}
