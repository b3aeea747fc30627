package io.mlaops.model.data.importer;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.util.TextFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one CSV (RFC 4180 by FastCSV: quoted cells may hold commas, quotes and line breaks; strict
 * UTF-8; a byte-order mark is dropped) into a {@link Table}. The first record is the header.
 */
final class CsvTable {
    private CsvTable() {}

    /**
     * @param csv the file
     * @param spec column groups, label and split column
     * @param fixedSplit the split every row belongs to (one file per split), or -1
     */
    static Table read(Path csv, ImportSpec spec, int fixedSplit) throws IOException {
        if (spec.modalities().isEmpty()) {
            throw new DatasetValidationException(
                    csv + ": no modality given: expected at least one --modality name=columns");
        }
        try (BufferedReader text = TextFiles.open(csv, "a CSV text file");
                CsvReader<CsvRecord> reader =
                        CsvReader.builder()
                                .skipEmptyLines(true)
                                .allowExtraFields(true)
                                .allowMissingFields(true)
                                .allowUnclosedQuote(false)
                                .ofCsvRecord(text)) {
            return read(csv, spec, fixedSplit, reader.iterator());
        } catch (CsvParseException | UncheckedIOException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof IllegalArgumentException iae) {
                    throw iae; // not UTF-8 text: already names the file
                }
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new DatasetValidationException(
                    csv
                            + " is not a well-formed CSV: "
                            + why
                            + " (expected comma-separated cells, quotes closed)");
        }
    }

    private static Table read(
            Path csv, ImportSpec spec, int fixedSplit, java.util.Iterator<CsvRecord> it)
            throws IOException {
        if (!it.hasNext()) {
            throw new DatasetValidationException(
                    csv + " is empty: expected a header line with column names");
        }
        List<String> header = new ArrayList<>();
        it.next().getFields().forEach(h -> header.add(h.trim()));
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            if (index.putIfAbsent(header.get(c), c) != null) {
                throw new DatasetValidationException(
                        csv + ": column '" + header.get(c) + "' appears twice in the header");
            }
        }
        int labelCol = ColumnSelector.column(spec.labelColumn(), "label", index, header, csv);
        int splitCol =
                spec.splitColumn().isEmpty()
                        ? -1
                        : ColumnSelector.column(spec.splitColumn(), "split", index, header, csv);
        Map<String, int[]> groups = new LinkedHashMap<>();
        Map<Integer, String> owner = new HashMap<>();
        owner.put(labelCol, "the label");
        if (splitCol >= 0) {
            owner.put(splitCol, "the split");
        }
        for (Map.Entry<String, String> m : spec.modalities().entrySet()) {
            int[] cols = ColumnSelector.select(m.getKey(), m.getValue(), header, index, csv);
            for (int c : cols) {
                String prev = owner.putIfAbsent(c, "modality '" + m.getKey() + "'");
                if (prev != null) {
                    throw new DatasetValidationException(
                            csv
                                    + ": column '"
                                    + header.get(c)
                                    + "' is in modality '"
                                    + m.getKey()
                                    + "' and is "
                                    + prev
                                    + " column: expected each column in one role only");
                }
            }
            groups.put(m.getKey(), cols);
        }
        int g = groups.size();
        String[] names = groups.keySet().toArray(String[]::new);
        int[][] cols = groups.values().toArray(int[][]::new);
        float[][] values = new float[g][];
        boolean[][] present = new boolean[g][];
        for (int k = 0; k < g; k++) {
            values[k] = new float[1024 * cols[k].length];
            present[k] = new boolean[1024];
        }
        String[] labels = new String[1024];
        long[] rows = new long[1024];
        int[] split = splitCol >= 0 || fixedSplit >= 0 ? new int[1024] : null;
        int n = 0;
        while (it.hasNext()) {
            CsvRecord rec = it.next();
            long line = rec.getStartingLineNumber();
            if (rec.getFieldCount() == 1 && rec.getField(0).isBlank()) {
                continue;
            }
            if (rec.getFieldCount() != header.size()) {
                throw new DatasetValidationException(
                        csv
                                + " row "
                                + line
                                + " has "
                                + rec.getFieldCount()
                                + " cells: expected "
                                + header.size()
                                + " (as in the header)");
            }
            if (n == labels.length) {
                int cap = n * 2;
                for (int k = 0; k < g; k++) {
                    values[k] = Arrays.copyOf(values[k], cap * cols[k].length);
                    present[k] = Arrays.copyOf(present[k], cap);
                }
                labels = Arrays.copyOf(labels, cap);
                rows = Arrays.copyOf(rows, cap);
                split = split == null ? null : Arrays.copyOf(split, cap);
            }
            for (int k = 0; k < g; k++) {
                int[] c = cols[k];
                int empty = 0;
                for (int col : c) {
                    if (rec.getField(col).isBlank()) {
                        empty++;
                    }
                }
                boolean absent = empty == c.length;
                if (empty > 0 && !absent) {
                    int col =
                            Arrays.stream(c)
                                    .filter(x -> rec.getField(x).isBlank())
                                    .findFirst()
                                    .getAsInt();
                    throw new DatasetValidationException(
                            csv
                                    + " row "
                                    + line
                                    + " column '"
                                    + header.get(col)
                                    + "' is empty: expected a number (leave every column of modality '"
                                    + names[k]
                                    + "' empty to mark it missing for this row)");
                }
                present[k][n] = !absent;
                if (!absent) {
                    int off = n * c.length;
                    for (int j = 0; j < c.length; j++) {
                        values[k][off + j] =
                                number(rec.getField(c[j]), csv, line, header.get(c[j]));
                    }
                }
            }
            String label = rec.getField(labelCol).trim();
            if (label.isEmpty()) {
                throw new DatasetValidationException(
                        csv
                                + " row "
                                + line
                                + " label column '"
                                + header.get(labelCol)
                                + "' is empty: expected a class");
            }
            labels[n] = label;
            rows[n] = line;
            if (split != null) {
                split[n] =
                        splitCol >= 0
                                ? splitValue(
                                        rec.getField(splitCol), csv, line, header.get(splitCol))
                                : fixedSplit;
            }
            n++;
        }
        if (n == 0) {
            throw new DatasetValidationException(csv + " has a header but no data rows");
        }
        Map<String, float[]> features = new LinkedHashMap<>();
        Map<String, Integer> dims = new LinkedHashMap<>();
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        for (int k = 0; k < g; k++) {
            features.put(names[k], Arrays.copyOf(values[k], n * cols[k].length));
            dims.put(names[k], cols[k].length);
            masks.put(names[k], Arrays.copyOf(present[k], n));
        }
        Map<String, String> prov = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : spec.modalities().entrySet()) {
            prov.put("columns_" + m.getKey(), m.getValue());
        }
        return new Table(
                csv.toString(),
                features,
                dims,
                masks,
                Arrays.copyOf(labels, n),
                Arrays.copyOf(rows, n),
                split == null ? null : Arrays.copyOf(split, n),
                List.of(),
                prov);
    }

    private static int splitValue(String cell, Path csv, long row, String column) {
        String value = cell.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "train", "0" -> 0;
            case "validation", "val", "1" -> 1;
            case "test", "2" -> 2;
            default ->
                    throw new DatasetValidationException(
                            csv
                                    + " row "
                                    + row
                                    + " column '"
                                    + column
                                    + "' is '"
                                    + value
                                    + "': expected train, validation or test");
        };
    }

    private static float number(String cell, Path csv, long row, String column) {
        String s = cell.trim();
        float v;
        try {
            // a plain decimal only: Java would also read 0x1p3 (8), 1.5f and NaN
            if (!io.mlaops.model.util.Decimals.isDecimal(s) && !s.matches("[+-]?(NaN|Infinity)")) {
                throw new NumberFormatException(); // NaN and Infinity: refused just below
            }
            v = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new DatasetValidationException(
                    csv
                            + " row "
                            + row
                            + " column '"
                            + column
                            + "' is '"
                            + s
                            + "': expected a number (a plain decimal such as -1.5, 2 or 3e-4)");
        }
        if (!Float.isFinite(v)) {
            throw new DatasetValidationException(
                    csv
                            + " row "
                            + row
                            + " column '"
                            + column
                            + "' is "
                            + s
                            + ": expected a finite number (NaN and infinity are not allowed; leave the modality's cells empty to mark it missing)");
        }
        return v;
    }
}
