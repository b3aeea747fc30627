package io.mlaops.model.data.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.files.DatasetFiles;
import io.mlaops.model.data.files.NpyArray;
import io.mlaops.model.data.files.Npz;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetImporterTest {
    @TempDir Path dir;

    private static final String HEADER = "id,col1,col2,col3,col4,col5,class";

    private Path csv(String... rows) throws Exception {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String r : rows) {
            sb.append(r).append('\n');
        }
        Path p = dir.resolve("in.csv");
        Files.writeString(p, sb);
        return p;
    }

    /** 30 rows, 3 classes; shape = col1..col3, colour = col4..col5. */
    private Path goodCsv() throws Exception {
        String[] rows = new String[30];
        for (int i = 0; i < 30; i++) {
            String cls = new String[] {"circle", "square", "star"}[i % 3];
            String colour = i == 4 ? "," : (i * 0.5) + "," + (-i);
            rows[i] = i + "," + i + "," + (i % 3) + ",0.25," + colour + ",\"" + cls + "\"";
        }
        return csv(rows);
    }

    private static ImportSpec spec(String... groups) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String g : groups) {
            String[] kv = ImportSpec.parseModalityArg(g);
            m.put(kv[0], kv[1]);
        }
        return ImportSpec.of("toy", m, "class");
    }

    @Test
    void csvWithColumnGroupsBecomesAStratifiedDataSetThatRoundTrips() throws Exception {
        MultimodalDataset ds =
                DatasetImporter.fromCsv(goodCsv(), spec("shape=col1..col3", "colour=col4,col5"));
        assertEquals(List.of("shape", "colour"), ds.modalityNames());
        assertEquals(3, ds.requireModality("shape").dimension());
        assertEquals(2, ds.requireModality("colour").dimension());
        assertEquals(List.of("circle", "square", "star"), ds.classNames());
        assertEquals(30, ds.train().size() + ds.validation().size() + ds.test().size());
        assertTrue(ds.validation().size() > 0 && ds.test().size() > 0);
        for (String s : MultimodalDataset.SPLITS) { // stratified: every class in every split
            assertEquals(3, java.util.Arrays.stream(ds.split(s).labels()).distinct().count(), s);
        }
        // the row with empty colour cells is present for shape, missing for colour
        int missing = 0;
        for (String s : MultimodalDataset.SPLITS) {
            missing += Math.round(ds.split(s).missingRate("colour") * ds.split(s).size());
            assertEquals(0.0, ds.split(s).missingRate("shape"));
        }
        assertEquals(1, missing);
        // same file and seed: same content; written and read back: same content
        assertEquals(
                DatasetFingerprint.sha256(ds),
                DatasetFingerprint.sha256(
                        DatasetImporter.fromCsv(
                                goodCsv(), spec("shape=col1..col3", "colour=col4,col5"))));
        DatasetFiles.write(ds, dir.resolve("out"), "1", Map.of());
        assertEquals(
                DatasetFingerprint.sha256(ds),
                DatasetFingerprint.sha256(DatasetFiles.read(dir.resolve("out"))));
    }

    @Test
    void csvSplitColumnIsHonoured() throws Exception {
        StringBuilder sb = new StringBuilder("a,b,y,part\n");
        String[] parts = {"train", "train", "validation", "test"};
        for (int i = 0; i < 8; i++) {
            sb.append(i)
                    .append(',')
                    .append(i * 2)
                    .append(',')
                    .append(i % 2)
                    .append(',')
                    .append(parts[i % 4])
                    .append('\n');
        }
        Path p = dir.resolve("s.csv");
        Files.writeString(p, sb);
        MultimodalDataset ds =
                DatasetImporter.fromCsv(
                        p, new ImportSpec("s", Map.of("x", "a..b"), "y", "part", 0, 0, 0));
        assertEquals(4, ds.train().size());
        assertEquals(2, ds.validation().size());
        assertEquals(2, ds.test().size());
    }

    private String error(Path p, ImportSpec s) {
        return assertThrows(DatasetValidationException.class, () -> DatasetImporter.fromCsv(p, s))
                .getMessage();
    }

    @Test
    void unknownColumnIsNamed() throws Exception {
        String m = error(goodCsv(), spec("shape=col1..col9"));
        assertTrue(
                m.contains("unknown column 'col9'") && m.contains("shape") && m.contains("col5"),
                m);
        m = error(goodCsv(), ImportSpec.of("t", Map.of("shape", "col1"), "klass"));
        assertTrue(m.contains("unknown column 'klass'"), m);
    }

    @Test
    void raggedRowIsNamed() throws Exception {
        String m = error(csv("0,1,2,3,4,5,a", "1,1,2,3,4,a"), spec("shape=col1..col3"));
        assertTrue(m.contains("row 3 has 6 cells") && m.contains("expected 7"), m);
    }

    @Test
    void nonNumericCellNamesRowAndColumn() throws Exception {
        String m = error(csv("0,1,2,3,4,5,a", "1,1,two,3,4,5,a"), spec("shape=col1..col3"));
        assertTrue(
                m.contains("row 3 column 'col2' is 'two'") && m.contains("expected a number"), m);
    }

    @Test
    void nanIsRejected() throws Exception {
        String m = error(csv("0,1,2,3,4,5,a", "1,1,2,NaN,4,5,a"), spec("shape=col1..col3"));
        assertTrue(m.contains("row 3 column 'col3' is NaN") && m.contains("finite"), m);
    }

    @Test
    void classWithASingleSampleIsRejected() throws Exception {
        String m =
                error(
                        csv("0,1,2,3,4,5,a", "1,1,2,3,4,5,a", "2,1,2,3,4,5,b"),
                        spec("shape=col1..col3"));
        assertTrue(m.contains("class 'b' has a single sample"), m);
    }

    @Test
    void modalityWithZeroColumnsIsRejected() throws Exception {
        String m = error(goodCsv(), spec("shape="));
        assertTrue(m.contains("modality 'shape' has zero columns"), m);
        m = error(goodCsv(), spec("shape=col3..col1"));
        assertTrue(m.contains("selects zero columns"), m);
    }

    @Test
    void missingFileIsNamed() {
        Path p = dir.resolve("nope.csv");
        String m = error(p, spec("shape=col1"));
        assertTrue(m.contains("file not found") && m.contains("nope.csv"), m);
        m =
                assertThrows(
                                DatasetValidationException.class,
                                () -> DatasetImporter.fromNpz(dir.resolve("x.npz"), spec()))
                        .getMessage();
        assertTrue(m.contains("file not found") && m.contains("x.npz"), m);
    }

    @Test
    void partlyEmptyModalityIsAnError() throws Exception {
        String m = error(csv("0,1,,3,4,5,a", "1,1,2,3,4,5,a"), spec("shape=col1..col3"));
        assertTrue(m.contains("row 2 column 'col2' is empty"), m);
    }

    @Test
    void npzWithMasksAndSplitsImports() throws Exception {
        int n = 12;
        float[] img = new float[n * 4];
        float[] aud = new float[n * 2];
        long[] y = new long[n];
        long[] split = new long[n];
        boolean[] audPresent = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            split[i] = i < 6 ? 0 : i < 9 ? 1 : 2;
            audPresent[i] = i % 3 != 0;
            for (int k = 0; k < 4; k++) {
                img[i * 4 + k] = i + k;
            }
            aud[i * 2] = -i;
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("image", new NpyArray("<f4", new int[] {n, 2, 2}, img));
        arrays.put("audio", NpyArray.float32(aud, n, 2));
        arrays.put("audio_present", NpyArray.bool(audPresent));
        arrays.put("label", NpyArray.int64(y));
        arrays.put("split", NpyArray.int64(split));
        Path p = dir.resolve("f.npz");
        try (OutputStream out = Files.newOutputStream(p)) {
            Npz.write(out, arrays);
        }
        MultimodalDataset ds =
                DatasetImporter.fromNpz(
                        p, new ImportSpec("f", Map.of(), "label", "split", 0, 0, 0));
        assertEquals(List.of("image", "audio"), ds.modalityNames());
        assertEquals(4, ds.requireModality("image").dimension());
        assertEquals(List.of("0", "1"), ds.classNames());
        assertEquals(6, ds.train().size());
        assertArrayEquals(
                new float[] {0, 1, 2, 3}, java.util.Arrays.copyOf(ds.train().features("image"), 4));
        assertFalse(ds.train().isPresent("audio", 0));
        assertTrue(ds.train().isPresent("audio", 1));

        arrays.put(
                "audio",
                NpyArray.float32(
                        new float[] {
                            Float.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            0, 0, 0
                        },
                        n,
                        2));
        try (OutputStream out = Files.newOutputStream(p)) {
            Npz.write(out, arrays);
        }
        String m =
                assertThrows(
                                DatasetValidationException.class,
                                () ->
                                        DatasetImporter.fromNpz(
                                                p, ImportSpec.of("f", Map.of(), "label")))
                        .getMessage();
        assertTrue(m.contains("'audio' row 0 column 0 is NaN"), m);
    }
}
