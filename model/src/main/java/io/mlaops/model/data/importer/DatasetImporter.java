package io.mlaops.model.data.importer;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.data.files.NpyArray;
import io.mlaops.model.data.files.Npz;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Imports a user's pre-extracted features: a CSV with column groups mapped to modalities, or an
 * {@code .npz} with one array per modality plus labels (optional {@code <modality>_present} masks and
 * a split array). Every bad input is a {@link DatasetValidationException} naming the file, row,
 * column or array and the value, and what was expected.
 */
public final class DatasetImporter {
    private DatasetImporter() {}

    /** @return the data set read from a CSV file (first line: header) */
    public static MultimodalDataset fromCsv(Path csv, ImportSpec spec) throws IOException {
        requireFile(csv);
        if (spec.modalities().isEmpty()) {
            throw new DatasetValidationException(csv + ": no modality given: expected at least one --modality name=columns");
        }
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String headerLine = r.readLine();
            if (headerLine == null) {
                throw new DatasetValidationException(csv + " is empty: expected a header line with column names");
            }
            List<String> header = Csv.parseLine(headerLine, csv, 1);
            Map<String, Integer> index = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                String h = header.get(c).trim();
                if (index.putIfAbsent(h, c) != null) {
                    throw new DatasetValidationException(csv + ": column '" + h + "' appears twice in the header");
                }
            }
            Map<String, int[]> groups = new LinkedHashMap<>();
            for (Map.Entry<String, String> m : spec.modalities().entrySet()) {
                groups.put(m.getKey(), columns(m.getKey(), m.getValue(), header, index, csv));
            }
            int labelCol = column(spec.labelColumn(), "label", index, header, csv);
            int splitCol = spec.splitColumn().isEmpty() ? -1 : column(spec.splitColumn(), "split", index, header, csv);

            List<float[]> rows = new ArrayList<>(); // one float[] per modality concatenated per row
            Map<String, List<Boolean>> present = new LinkedHashMap<>();
            groups.keySet().forEach(m -> present.put(m, new ArrayList<>()));
            List<String> labels = new ArrayList<>();
            List<String> splits = new ArrayList<>();
            int width = groups.values().stream().mapToInt(g -> g.length).sum();
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = Csv.parseLine(line, csv, lineNo);
                if (cells.size() != header.size()) {
                    throw new DatasetValidationException(csv + " row " + lineNo + " has " + cells.size()
                            + " cells: expected " + header.size() + " (as in the header)");
                }
                float[] values = new float[width];
                int off = 0;
                for (Map.Entry<String, int[]> g : groups.entrySet()) {
                    int[] cols = g.getValue();
                    int empty = 0;
                    for (int col : cols) {
                        if (cells.get(col).isBlank()) {
                            empty++;
                        }
                    }
                    boolean absent = empty == cols.length;
                    if (empty > 0 && !absent) {
                        int col = Arrays.stream(cols).filter(k -> cells.get(k).isBlank()).findFirst().getAsInt();
                        throw new DatasetValidationException(csv + " row " + lineNo + " column '" + header.get(col)
                                + "' is empty: expected a number (leave every column of modality '" + g.getKey()
                                + "' empty to mark it missing for this row)");
                    }
                    present.get(g.getKey()).add(!absent);
                    for (int col : cols) {
                        values[off++] = absent ? 0f : number(cells.get(col), csv, lineNo, header.get(col));
                    }
                }
                rows.add(values);
                String label = cells.get(labelCol).trim();
                if (label.isEmpty()) {
                    throw new DatasetValidationException(csv + " row " + lineNo + " label column '" + header.get(labelCol)
                            + "' is empty: expected a class");
                }
                labels.add(label);
                if (splitCol >= 0) {
                    splits.add(cells.get(splitCol).trim() + "@" + lineNo);
                }
            }
            if (rows.isEmpty()) {
                throw new DatasetValidationException(csv + " has a header but no data rows");
            }
            int n = rows.size();
            Map<String, float[]> features = new LinkedHashMap<>();
            Map<String, boolean[]> masks = new LinkedHashMap<>();
            int off = 0;
            for (Map.Entry<String, int[]> g : groups.entrySet()) {
                int d = g.getValue().length;
                float[] f = new float[n * d];
                boolean[] p = new boolean[n];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(rows.get(i), off, f, i * d, d);
                    p[i] = present.get(g.getKey()).get(i);
                }
                off += d;
                features.put(g.getKey(), f);
                masks.put(g.getKey(), p);
            }
            int[] split = splitCol < 0 ? null : parseSplits(splits, csv, header.get(splitCol));
            Map<String, String> prov = new LinkedHashMap<>();
            prov.put("source", "csv");
            prov.put("source_file", csv.getFileName().toString());
            prov.put("source_sha256", sha256(csv));
            for (Map.Entry<String, String> m : spec.modalities().entrySet()) {
                prov.put("columns_" + m.getKey(), m.getValue());
            }
            return assemble(csv.toString(), spec, features, masks, labels.toArray(String[]::new), split, prov);
        }
    }

    /** @return the data set read from an {@code .npz} (numpy.savez) file */
    public static MultimodalDataset fromNpz(Path npz, ImportSpec spec) throws IOException {
        requireFile(npz);
        Map<String, NpyArray> arrays = Npz.read(npz);
        NpyArray labelArr = arrays.get(spec.labelColumn());
        if (labelArr == null) {
            throw new DatasetValidationException(npz + " has no array '" + spec.labelColumn() + "' for the labels: arrays are "
                    + arrays.keySet());
        }
        int n = labelArr.shape().length == 0 ? 0 : labelArr.shape()[0];
        if (labelArr.shape().length != 1 || n == 0) {
            throw new DatasetValidationException(npz + ": labels '" + spec.labelColumn() + "' have shape "
                    + Arrays.toString(labelArr.shape()) + ": expected a non-empty 1-D array");
        }
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            if (labelArr.data() instanceof long[] l) {
                labels[i] = Long.toString(l[i]);
            } else if (labelArr.data() instanceof float[] f) {
                if (f[i] != Math.rint(f[i])) {
                    throw new DatasetValidationException(npz + ": label array '" + spec.labelColumn() + "' row " + i + " is "
                            + f[i] + ": expected an integer class");
                }
                labels[i] = Long.toString((long) f[i]);
            } else {
                throw new DatasetValidationException(npz + ": labels '" + spec.labelColumn() + "' are " + labelArr.dtype()
                        + ": expected integers");
            }
        }
        Map<String, String> chosen = new LinkedHashMap<>();
        if (spec.modalities().isEmpty()) { // every other float array is a modality
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                String k = e.getKey();
                if (e.getValue().isFloat() && !k.equals(spec.labelColumn()) && !k.equals(spec.splitColumn()) && !k.endsWith("_present")) {
                    chosen.put(k, k);
                }
            }
            if (chosen.isEmpty()) {
                throw new DatasetValidationException(npz + " has no float array besides the labels: expected one array per modality");
            }
        } else {
            spec.modalities().forEach((m, a) -> chosen.put(m, a.isEmpty() ? m : a));
        }
        Map<String, float[]> features = new LinkedHashMap<>();
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : chosen.entrySet()) {
            NpyArray a = arrays.get(m.getValue());
            if (a == null) {
                throw new DatasetValidationException(npz + " has no array '" + m.getValue() + "' for modality '" + m.getKey()
                        + "': arrays are " + arrays.keySet());
            }
            if (!a.isFloat()) {
                throw new DatasetValidationException(npz + ": array '" + m.getValue() + "' is " + a.dtype()
                        + ": expected float32 or float64 features");
            }
            if (a.shape().length == 0 || a.shape()[0] != n) {
                throw new DatasetValidationException(npz + ": array '" + m.getValue() + "' has shape " + Arrays.toString(a.shape())
                        + ": expected " + n + " rows (as many as labels)");
            }
            int d = n == 0 ? 0 : a.size() / n;
            if (d == 0) {
                throw new DatasetValidationException(npz + ": modality '" + m.getKey() + "' (array '" + m.getValue()
                        + "') has zero columns: expected at least one feature");
            }
            float[] f = (float[]) a.data();
            for (int i = 0; i < f.length; i++) {
                if (!Float.isFinite(f[i])) {
                    throw new DatasetValidationException(npz + ": array '" + m.getValue() + "' row " + (i / d) + " column "
                            + (i % d) + " is " + f[i] + ": expected a finite number");
                }
            }
            features.put(m.getKey(), f);
            NpyArray p = arrays.get(m.getValue() + "_present");
            if (p == null && !m.getKey().equals(m.getValue())) {
                p = arrays.get(m.getKey() + "_present");
            }
            boolean[] mask = new boolean[n];
            Arrays.fill(mask, true);
            if (p != null) {
                if (!(p.data() instanceof boolean[] b) || b.length != n) {
                    throw new DatasetValidationException(npz + ": mask '" + m.getValue() + "_present' is " + p.dtype()
                            + Arrays.toString(p.shape()) + ": expected a bool array of " + n + " rows");
                }
                mask = b;
            }
            masks.put(m.getKey(), mask);
        }
        int[] split = null;
        if (!spec.splitColumn().isEmpty()) {
            NpyArray s = arrays.get(spec.splitColumn());
            if (s == null || !(s.data() instanceof long[] l) || l.length != n) {
                throw new DatasetValidationException(npz + ": split array '" + spec.splitColumn()
                        + "' is missing or not an integer array of " + n + " rows: expected 0 = train, 1 = validation, 2 = test");
            }
            split = new int[n];
            for (int i = 0; i < n; i++) {
                if (l[i] < 0 || l[i] > 2) {
                    throw new DatasetValidationException(npz + ": split array '" + spec.splitColumn() + "' row " + i + " is "
                            + l[i] + ": expected 0 = train, 1 = validation or 2 = test");
                }
                split[i] = (int) l[i];
            }
        }
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("source", "npz");
        prov.put("source_file", npz.getFileName().toString());
        prov.put("source_sha256", sha256(npz));
        return assemble(npz.toString(), spec, features, masks, labels, split, prov);
    }

    private static MultimodalDataset assemble(String source, ImportSpec spec, Map<String, float[]> features,
            Map<String, boolean[]> masks, String[] labels, int[] givenSplit, Map<String, String> provenance) {
        int n = labels.length;
        Map<String, Integer> counts = new TreeMap<>();
        for (String l : labels) {
            counts.merge(l, 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            if (c.getValue() < 2) {
                throw new DatasetValidationException(source + ": class '" + c.getKey()
                        + "' has a single sample: expected at least 2 per class (one to train on, one to test)");
            }
        }
        List<String> classes = new ArrayList<>(counts.keySet());
        if (classes.stream().allMatch(s -> s.matches("-?\\d{1,18}"))) {
            classes.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        }
        Map<String, Integer> classIndex = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            classIndex.put(classes.get(k), k);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = classIndex.get(labels[i]);
        }
        final int[] split;
        if (givenSplit == null) {
            split = Splitter.stratified(y, classes.size(), spec.validationFraction(), spec.testFraction(), spec.seed(), classes, source);
            provenance.put("split", String.format(Locale.ROOT, "stratified seed %d validation %.3f test %.3f", spec.seed(),
                    spec.validationFraction(), spec.testFraction()));
        } else {
            split = givenSplit;
            provenance.put("split", "given by '" + spec.splitColumn() + "'");
        }
        Splitter.requireAllSplits(split, source);
        MultimodalDataset.Builder b = MultimodalDataset.builder(spec.name()).classNames(classes);
        for (String m : features.keySet()) {
            b.modality(m, features.get(m).length / n, "imported");
        }
        for (int s = 0; s < 3; s++) {
            int fs = s;
            int[] idx = java.util.stream.IntStream.range(0, n).filter(i -> split[i] == fs).toArray();
            MultimodalSplit.Builder sb = MultimodalSplit.builder(MultimodalDataset.SPLITS.get(s));
            int[] ys = new int[idx.length];
            for (int k = 0; k < idx.length; k++) {
                ys[k] = y[idx[k]];
            }
            sb.labels(ys);
            for (String m : features.keySet()) {
                float[] all = features.get(m);
                int d = all.length / n;
                float[] f = new float[idx.length * d];
                boolean[] p = new boolean[idx.length];
                for (int k = 0; k < idx.length; k++) {
                    System.arraycopy(all, idx[k] * d, f, k * d, d);
                    p[k] = masks.get(m)[idx[k]];
                }
                sb.modality(m, d, f).present(m, p);
            }
            b.split(MultimodalDataset.SPLITS.get(s), sb.build());
        }
        provenance.forEach(b::provenance);
        return b.build();
    }

    private static int[] parseSplits(List<String> raw, Path csv, String column) {
        int[] out = new int[raw.size()];
        for (int i = 0; i < out.length; i++) {
            String v = raw.get(i);
            int at = v.lastIndexOf('@');
            String value = v.substring(0, at).toLowerCase(Locale.ROOT);
            out[i] = switch (value) {
                case "train", "0" -> 0;
                case "validation", "val", "1" -> 1;
                case "test", "2" -> 2;
                default -> throw new DatasetValidationException(csv + " row " + v.substring(at + 1) + " column '" + column
                        + "' is '" + value + "': expected train, validation or test");
            };
        }
        return out;
    }

    private static int[] columns(String modality, String spec, List<String> header, Map<String, Integer> index, Path csv) {
        List<Integer> cols = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dots = p.indexOf("..");
            if (dots >= 0) {
                int from = column(p.substring(0, dots).trim(), "modality '" + modality + "'", index, header, csv);
                int to = column(p.substring(dots + 2).trim(), "modality '" + modality + "'", index, header, csv);
                if (to < from) {
                    throw new DatasetValidationException(csv + ": modality '" + modality + "' range '" + p
                            + "' selects zero columns: '" + header.get(to) + "' comes before '" + header.get(from) + "' in the header");
                }
                for (int c = from; c <= to; c++) {
                    cols.add(c);
                }
            } else {
                cols.add(column(p, "modality '" + modality + "'", index, header, csv));
            }
        }
        if (cols.isEmpty()) {
            throw new DatasetValidationException(csv + ": modality '" + modality
                    + "' has zero columns: expected name=col1..col9 or name=a,b,c");
        }
        return cols.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int column(String name, String role, Map<String, Integer> index, List<String> header, Path csv) {
        Integer c = index.get(name);
        if (c == null) {
            String cols = header.size() <= 12 ? String.join(", ", header)
                    : String.join(", ", header.subList(0, 12)) + ", ... (" + header.size() + " columns)";
            throw new DatasetValidationException(csv + ": unknown column '" + name + "' (" + role + "): the header has " + cols);
        }
        return c;
    }

    private static float number(String cell, Path csv, int row, String column) {
        String s = cell.trim();
        float v;
        try {
            v = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new DatasetValidationException(csv + " row " + row + " column '" + column + "' is '" + s
                    + "': expected a number");
        }
        if (!Float.isFinite(v)) {
            throw new DatasetValidationException(csv + " row " + row + " column '" + column + "' is " + s
                    + ": expected a finite number (NaN and infinity are not allowed; leave the modality's cells empty to mark it missing)");
        }
        return v;
    }

    private static void requireFile(Path p) throws NoSuchFileException {
        if (!Files.isRegularFile(p)) {
            throw new DatasetValidationException("file not found: " + p.toAbsolutePath());
        }
    }

    private static String sha256(Path p) throws IOException {
        return io.mlaops.model.util.Sha256.hex(Files.readAllBytes(p));
    }
}
