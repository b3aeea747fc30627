package io.mlaops.infra.cli;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.importer.DatasetImporter;
import io.mlaops.model.data.importer.ImportSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code mla bench import}: rows per second of {@code data import} from a generated CSV (two
 * modalities of {@code columns / 2} float columns each, a string label, one quoted cell per row),
 * median of the timed rounds after one warm-up round. The file is written under {@code
 * $MLA_HOME/tmp} and removed after.
 */
final class ImportBench {
    private ImportBench() {}

    static void run(int rows, int columns, int repeats) throws IOException {
        if (rows < 10 || columns < 2 || repeats < 1) {
            throw new IllegalArgumentException(
                    "bench import: --rows >= 10, --columns >= 2 and --repeats >= 1 expected");
        }
        // scratch space inside the home, like everything else the platform writes
        Path scratch = Files.createDirectories(CliEnvironment.home().resolve("tmp"));
        Path csv = Files.createTempFile(scratch, "bench-import", ".csv");
        try {
            write(csv, rows, columns);
            long bytes = Files.size(csv);
            int half = columns / 2;
            Map<String, String> mods = new LinkedHashMap<>();
            mods.put("a", "f0..f" + (half - 1));
            mods.put("b", "f" + half + "..f" + (columns - 1));
            ImportSpec spec = ImportSpec.of("bench", mods, "label");
            System.out.printf(
                    Locale.ROOT,
                    "mla bench import: %d rows x %d float columns, %.1f MB CSV; median of %d rounds after 1 warm-up%n",
                    rows,
                    columns,
                    bytes / 1e6,
                    repeats);
            DatasetImporter.fromCsv(csv, spec);
            double[] seconds = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                MultimodalDataset ds = DatasetImporter.fromCsv(csv, spec);
                seconds[r] = (System.nanoTime() - t0) / 1e9;
                if (ds.train().size() == 0) {
                    throw new IllegalStateException("bench import read no rows");
                }
            }
            Arrays.sort(seconds);
            double s = seconds[repeats / 2];
            System.out.printf(
                    Locale.ROOT,
                    "  %.2f s per import (min %.2f, max %.2f): %.0f rows/s, %.1f MB/s%n",
                    s,
                    seconds[0],
                    seconds[repeats - 1],
                    rows / s,
                    bytes / 1e6 / s);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private static void write(Path csv, int rows, int columns) throws IOException {
        SplittableRandom rng = new SplittableRandom(0);
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            StringBuilder h = new StringBuilder("id");
            for (int c = 0; c < columns; c++) {
                h.append(",f").append(c);
            }
            w.write(h.append(",label\n").toString());
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                line.setLength(0);
                line.append(i);
                for (int c = 0; c < columns; c++) {
                    line.append(',').append((float) rng.nextGaussian());
                }
                line.append(",\"class ").append(i % 10).append("\"\n");
                w.write(line.toString());
            }
        }
    }
}
