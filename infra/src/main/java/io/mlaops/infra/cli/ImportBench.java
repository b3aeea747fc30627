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
 * median of the timed rounds after one warm-up round. The sizes are bounded ({@value #MAX_ROWS}
 * rows, {@value #MAX_COLUMNS} columns, {@value #MAX_CELLS} cells: about 1.1 GB of CSV) and checked
 * against the free space before anything is written. The file is written under {@code
 * $MLA_HOME/tmp} as {@code bench-import-<pid>.csv} and removed on any exit: at the end, on an
 * error, and on Ctrl-C or a plain {@code kill} (a shutdown hook); a file left by a run that was
 * killed outright ({@code kill -9}) is removed by the next run, which says so.
 */
final class ImportBench {
    /** Fewest rows. */
    static final int MIN_ROWS = 10;

    /** Most rows. */
    static final int MAX_ROWS = 5_000_000;

    /** Most float columns. */
    static final int MAX_COLUMNS = 1024;

    /** Most float cells (rows x columns). */
    static final long MAX_CELLS = 100_000_000L;

    private static final String PREFIX = "bench-import-";

    private ImportBench() {}

    static void run(int rows, int columns, int repeats) throws IOException {
        if (rows < MIN_ROWS || rows > MAX_ROWS) {
            throw new IllegalArgumentException(
                    "bench import: --rows " + rows + ": expected " + MIN_ROWS + ".." + MAX_ROWS);
        }
        if (columns < 2 || columns > MAX_COLUMNS) {
            throw new IllegalArgumentException(
                    "bench import: --columns " + columns + ": expected 2.." + MAX_COLUMNS);
        }
        if ((long) rows * columns > MAX_CELLS) {
            throw new IllegalArgumentException(
                    "bench import: --rows "
                            + rows
                            + " x --columns "
                            + columns
                            + " = "
                            + (long) rows * columns
                            + " cells: expected at most "
                            + MAX_CELLS);
        }
        if (repeats < 1 || repeats > 100) {
            throw new IllegalArgumentException(
                    "bench import: --repeats " + repeats + ": expected 1..100");
        }
        // scratch space inside the home, like everything else the platform writes
        Path scratch = Files.createDirectories(CliEnvironment.home().resolve("tmp"));
        removeLeftovers(scratch);
        long estimate = (long) rows * (columns * 11L + 20);
        long free = Files.getFileStore(scratch).getUsableSpace();
        if (estimate > free / 2) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "bench import: the CSV would take about %.1f GB, and %s has %.1f GB free: expected fewer --rows or --columns",
                            estimate / 1e9,
                            scratch,
                            free / 1e9));
        }
        Path csv = scratch.resolve(PREFIX + ProcessHandle.current().pid() + ".csv");
        Files.deleteIfExists(csv);
        Thread cleanup =
                new Thread(
                        () -> {
                            try {
                                Files.deleteIfExists(csv);
                            } catch (IOException e) {
                                // the next run removes it
                            }
                        },
                        "bench-import-cleanup");
        java.lang.Runtime.getRuntime().addShutdownHook(cleanup);
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
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs
            }
        }
    }

    /**
     * Removes the scratch files of earlier runs whose process is gone (killed outright), saying so.
     */
    static void removeLeftovers(Path scratch) throws IOException {
        try (var files = Files.list(scratch)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (!n.startsWith(PREFIX) || !n.endsWith(".csv")) {
                    continue;
                }
                String pid = n.substring(PREFIX.length(), n.length() - 4);
                boolean live =
                        pid.matches("\\d{1,18}")
                                && ProcessHandle.of(Long.parseLong(pid))
                                        .map(ProcessHandle::isAlive)
                                        .orElse(false);
                if (!live) {
                    long size = Files.size(f);
                    Files.deleteIfExists(f);
                    System.err.printf(
                            Locale.ROOT,
                            "mla: removed %s (%.1f MB), left by a bench import that was killed%n",
                            f,
                            size / 1e6);
                }
            }
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
