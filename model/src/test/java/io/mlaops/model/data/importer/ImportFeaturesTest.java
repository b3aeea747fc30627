package io.mlaops.model.data.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.data.Standardization;
import io.mlaops.model.data.files.DatasetFiles;
import io.mlaops.model.data.files.NpyArray;
import io.mlaops.model.data.files.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing as users need it: split files, validation carving, standardisation, class names, column
 * patterns.
 */
class ImportFeaturesTest {
    @TempDir Path dir;

    /**
     * rows x (a1..a2, b1..b2) with 2 classes; feature values depend on the row so splits can be
     * traced.
     */
    private Path csv(String name, int rows, int offset) throws Exception {
        StringBuilder sb = new StringBuilder("a1,a2,b1,b2,y\n");
        for (int i = 0; i < rows; i++) {
            int r = i + offset;
            sb.append(r)
                    .append(',')
                    .append(r * 2)
                    .append(',')
                    .append(-r)
                    .append(',')
                    .append(0.5)
                    .append(',')
                    .append(i % 2 == 0 ? "cat" : "dog")
                    .append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    private static ImportSpec.Builder spec() {
        return ImportSpec.builder("s")
                .modality("a", "a1..a2")
                .modality("b", "b1,b2")
                .labelColumn("y")
                .fractions(0, 0);
    }

    @Test
    void oneFilePerSplitKeepsEachFilesRowsInItsSplit() throws Exception {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("train", csv("train.csv", 20, 0));
        files.put("test", csv("test.csv", 6, 1000));
        MultimodalDataset ds = DatasetImporter.fromSplitFiles(files, spec().build());
        assertEquals(20, ds.train().size());
        assertEquals(0, ds.validation().size());
        assertEquals(6, ds.test().size());
        assertEquals(1000f, ds.test().features("a")[0]);
        assertEquals(List.of("cat", "dog"), ds.classNames());
        // the empty validation split is written and read back
        DatasetFiles.write(ds, dir.resolve("out"), "1", Map.of());
        assertEquals(
                DatasetFingerprint.sha256(ds),
                DatasetFingerprint.sha256(DatasetFiles.read(dir.resolve("out"))));

        files.put("validation", csv("val.csv", 4, 500));
        ds = DatasetImporter.fromSplitFiles(files, spec().build());
        assertEquals(4, ds.validation().size());
        assertEquals(500f, ds.validation().features("a")[0]);
    }

    @Test
    void validationIsCarvedFromTrainWhenAskedStratifiedAndSeeded() throws Exception {
        Map<String, Path> files =
                Map.of("train", csv("train.csv", 40, 0), "test", csv("test.csv", 6, 1000));
        MultimodalDataset ds =
                DatasetImporter.fromSplitFiles(files, spec().fractions(0.25, 0).seed(3).build());
        assertEquals(10, ds.validation().size());
        assertEquals(30, ds.train().size());
        assertEquals(
                5,
                Arrays.stream(ds.validation().labels()).filter(y -> y == 0).count(),
                "stratified: 5 of each class");
        for (float v : ds.validation().features("a")) {
            assertTrue(v < 1000, "validation rows come from train");
        }
        MultimodalDataset again =
                DatasetImporter.fromSplitFiles(files, spec().fractions(0.25, 0).seed(3).build());
        assertEquals(DatasetFingerprint.sha256(ds), DatasetFingerprint.sha256(again));
        assertTrue(
                ds.provenance().get("split").contains("validation: 0.250"),
                ds.provenance().get("split"));
    }

    @Test
    void fractionsNeverSilentlyIgnoredWithAGivenSplit() throws Exception {
        StringBuilder sb = new StringBuilder("a1,a2,b1,b2,y,part\n");
        String[] parts = {"train", "train", "validation", "test"};
        for (int i = 0; i < 16; i++) {
            sb.append(i)
                    .append(",1,2,3,")
                    .append(i % 2)
                    .append(',')
                    .append(parts[(i / 2) % 4])
                    .append('\n');
        }
        Path p = Files.writeString(dir.resolve("s.csv"), sb);
        String m =
                assertThrows(
                                DatasetValidationException.class,
                                () ->
                                        DatasetImporter.fromCsv(
                                                p,
                                                spec().splitColumn("part")
                                                        .fractions(0.2, 0)
                                                        .build()))
                        .getMessage();
        assertTrue(
                m.contains("--validation-fraction") && m.contains("already has 4 validation rows"),
                m);
        m =
                assertThrows(
                                DatasetValidationException.class,
                                () ->
                                        DatasetImporter.fromCsv(
                                                p,
                                                spec().splitColumn("part")
                                                        .fractions(0, 0.2)
                                                        .build()))
                        .getMessage();
        assertTrue(m.contains("--test-fraction") && m.contains("column 'part'"), m);
        MultimodalDataset ds = DatasetImporter.fromCsv(p, spec().splitColumn("part").build());
        assertEquals(
                List.of(8, 4, 4),
                List.of(ds.train().size(), ds.validation().size(), ds.test().size()));
    }

    @Test
    void standardisationUsesTrainStatisticsOnlyAndIsStoredInTheManifest() throws Exception {
        Map<String, Path> files =
                Map.of("train", csv("train.csv", 20, 0), "test", csv("test.csv", 6, 1000));
        MultimodalDataset ds =
                DatasetImporter.fromSplitFiles(files, spec().standardize(true).build());
        Standardization st = ds.standardization().orElseThrow();
        // train a1 = 0..19: mean 9.5, population std sqrt((20^2 - 1) / 12)
        assertEquals(9.5, st.moments().get("a").mean()[0], 1e-9);
        assertEquals(Math.sqrt(399.0 / 12), st.moments().get("a").std()[0], 1e-9);
        assertEquals(1.0, st.moments().get("b").std()[1], 0.0, "a constant column is only centred");
        double mean = 0;
        for (int i = 0; i < 20; i++) {
            mean += ds.train().features("a")[i * 2];
        }
        assertEquals(0, mean / 20, 1e-6);
        assertEquals(
                (1000 - 9.5) / Math.sqrt(399.0 / 12),
                ds.test().features("a")[0],
                1e-3,
                "test uses the train statistics");
        assertEquals(0f, ds.test().features("b")[1]);
        Path out = dir.resolve("out");
        DatasetFiles.write(ds, out, "1", Map.of());
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"standardization\""));
        MultimodalDataset back = DatasetFiles.read(out);
        assertArrayEquals(
                st.moments().get("a").mean(),
                back.standardization().orElseThrow().moments().get("a").mean());
        // not standardised: no field in the manifest, and a manifest without it still reads
        DatasetFiles.write(
                DatasetImporter.fromSplitFiles(files, spec().build()),
                dir.resolve("raw"),
                "1",
                Map.of());
        assertTrue(!Files.readString(dir.resolve("raw/manifest.json")).contains("standardization"));
        assertTrue(DatasetFiles.read(dir.resolve("raw")).standardization().isEmpty());
    }

    @Test
    void absentRowsStayZeroAndAreLeftOutOfTheStatistics() {
        MultimodalSplit train =
                MultimodalSplit.builder("train")
                        .labels(new int[] {0, 1, 0})
                        .modality("a", 1, new float[] {2, 0, 4})
                        .present("a", new boolean[] {true, false, true})
                        .build();
        Standardization st =
                Standardization.fit(
                        train, List.of(new io.mlaops.model.data.ModalitySpec("a", 1, "x")));
        assertEquals(3.0, st.moments().get("a").mean()[0], 0);
        assertArrayEquals(new float[] {-1, 0, 1}, st.apply(train).features("a"));
    }

    @Test
    void classNamesFromTheOptionOrTheNpzLabelNames() throws Exception {
        int n = 12;
        float[] x = new float[n * 2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[i * 2] = i;
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("feat", NpyArray.float32(x, n, 2));
        arrays.put("label", NpyArray.int64(y));
        arrays.put("label_names", NpyArray.strings(new String[] {"cat", "dog", "emu"}));
        Path p = Files.write(dir.resolve("f.npz"), Npz.bytes(arrays));
        MultimodalDataset ds =
                DatasetImporter.fromNpz(p, ImportSpec.builder("f").fractions(0.2, 0.3).build());
        assertEquals(List.of("cat", "dog", "emu"), ds.classNames());
        assertEquals(List.of("feat"), ds.modalityNames(), "label_names is not a modality");
        ds =
                DatasetImporter.fromNpz(
                        p,
                        ImportSpec.builder("f")
                                .fractions(0.2, 0.3)
                                .classes(List.of("cat", "dog", "emu"))
                                .build());
        assertEquals(List.of("cat", "dog", "emu"), ds.classNames());
        String m =
                assertThrows(
                                DatasetValidationException.class,
                                () ->
                                        DatasetImporter.fromNpz(
                                                p,
                                                ImportSpec.builder("f")
                                                        .fractions(0.2, 0.3)
                                                        .classes(List.of("a", "b", "c"))
                                                        .build()))
                        .getMessage();
        assertTrue(m.contains("differs from the file's 'label_names'"), m);
        arrays.remove("label_names");
        Path q = Files.write(dir.resolve("g.npz"), Npz.bytes(arrays));
        assertEquals(
                List.of("a", "b", "c"),
                DatasetImporter.fromNpz(
                                q,
                                ImportSpec.builder("g")
                                        .fractions(0.2, 0.3)
                                        .classes(List.of("a", "b", "c"))
                                        .build())
                        .classNames());
        m =
                assertThrows(
                                DatasetValidationException.class,
                                () ->
                                        DatasetImporter.fromNpz(
                                                q,
                                                ImportSpec.builder("g")
                                                        .fractions(0.2, 0.3)
                                                        .classes(List.of("a", "b"))
                                                        .build()))
                        .getMessage();
        assertTrue(m.contains("label '2'") && m.contains("not one of the classes [a, b]"), m);
    }

    @Test
    void interleavedColumnsByStepGlobAndRegex() throws Exception {
        // two bands stored pixel by pixel: p1.r, p1.g, p2.r, p2.g, ...
        StringBuilder sb = new StringBuilder();
        List<String> header = new java.util.ArrayList<>();
        for (int px = 1; px <= 4; px++) {
            header.add("p" + px + ".r");
            header.add("p" + px + ".g");
        }
        sb.append(String.join(",", header)).append(",y\n");
        for (int i = 0; i < 10; i++) {
            for (int c = 0; c < 8; c++) {
                sb.append(c % 2 == 0 ? 100 + c : 200 + c).append(',');
            }
            sb.append(i % 2).append('\n');
        }
        Path p = Files.writeString(dir.resolve("px.csv"), sb);
        for (String[] pair :
                new String[][] {
                    {"p1.r..p4.g:2", "p1.g..p4.g:2"},
                    {"glob:p*.r", "glob:p?.g"},
                    {"regex:p[0-9]+\\.r", "regex:p[0-9]+\\.g"}
                }) {
            MultimodalDataset ds =
                    DatasetImporter.fromCsv(
                            p,
                            ImportSpec.builder("px")
                                    .modality("red", pair[0])
                                    .modality("green", pair[1])
                                    .labelColumn("y")
                                    .fractions(0.2, 0.2)
                                    .build());
            assertEquals(4, ds.requireModality("red").dimension(), pair[0]);
            assertArrayEquals(
                    new float[] {100, 102, 104, 106},
                    Arrays.copyOf(ds.train().features("red"), 4),
                    pair[0]);
            assertArrayEquals(
                    new float[] {201, 203, 205, 207},
                    Arrays.copyOf(ds.train().features("green"), 4),
                    pair[1]);
        }
        String m =
                assertThrows(
                                DatasetValidationException.class,
                                () ->
                                        DatasetImporter.fromCsv(
                                                p,
                                                ImportSpec.builder("px")
                                                        .modality("red", "glob:q*")
                                                        .labelColumn("y")
                                                        .build()))
                        .getMessage();
        assertTrue(m.contains("matches no column"), m);
        m =
                assertThrows(
                                DatasetValidationException.class,
                                () ->
                                        DatasetImporter.fromCsv(
                                                p,
                                                ImportSpec.builder("px")
                                                        .modality("all", "glob:*")
                                                        .labelColumn("y")
                                                        .build()))
                        .getMessage();
        assertTrue(m.contains("column 'y' is in modality 'all' and is the label column"), m);
        m =
                assertThrows(
                                DatasetValidationException.class,
                                () ->
                                        DatasetImporter.fromCsv(
                                                p,
                                                ImportSpec.builder("px")
                                                        .modality("red", "regex:p[")
                                                        .labelColumn("y")
                                                        .build()))
                        .getMessage();
        assertTrue(m.contains("bad pattern"), m);
    }

    @Test
    void quotedLineBreaksAndAByteOrderMarkAreRead() throws Exception {
        String text =
                "\uFEFFa1,a2,b1,b2,y\n"
                        + "1,2,3,4,\"cat\nwith a line break\"\n"
                        + "1,2,3,4,\"cat\nwith a line break\"\n"
                        + "5,6,7,8,\"dog, \"\"quoted\"\"\"\n"
                        + "5,6,7,8,\"dog, \"\"quoted\"\"\"\n"
                        + "5,6,7,8,\"dog, \"\"quoted\"\"\"\n"
                        + "1,2,3,4,\"cat\nwith a line break\"\n";
        Path p = Files.writeString(dir.resolve("q.csv"), text);
        MultimodalDataset ds = DatasetImporter.fromCsv(p, spec().fractions(0, 0.3).build());
        assertEquals(List.of("cat\nwith a line break", "dog, \"quoted\""), ds.classNames());
        assertEquals(6, ds.train().size() + ds.test().size());
    }
}
