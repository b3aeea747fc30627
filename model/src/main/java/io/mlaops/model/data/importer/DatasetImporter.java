package io.mlaops.model.data.importer;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.ModalitySpec;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.data.Standardization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Imports a user's pre-extracted features: a CSV with column groups mapped to modalities, or an
 * {@code .npz} with one array per modality plus labels (optional {@code <modality>_present} masks,
 * a split array and {@code label_names}); one file, or one file per split. Every bad input is a
 * {@link DatasetValidationException} naming the file, row, column or array and the value, and what
 * was expected.
 */
public final class DatasetImporter {
    private DatasetImporter() {}

    /**
     * @return the data set read from a CSV file (first line: header)
     */
    public static MultimodalDataset fromCsv(Path csv, ImportSpec spec) throws IOException {
        requireFile(csv);
        return assemble(List.of(table(csv, spec, -1, true)), spec);
    }

    /**
     * @return the data set read from an {@code .npz} (numpy.savez) file
     */
    public static MultimodalDataset fromNpz(Path npz, ImportSpec spec) throws IOException {
        requireFile(npz);
        return assemble(List.of(table(npz, spec, -1, false)), spec);
    }

    /**
     * @return the data set read from a {@code .csv} or {@code .npz} file, by its extension
     */
    public static MultimodalDataset fromFile(Path file, ImportSpec spec) throws IOException {
        requireFile(file);
        return assemble(List.of(table(file, spec, -1)), spec);
    }

    /**
     * Reads one file per split; every file must give the same modalities with the same dimensions.
     *
     * @param files split name ({@code train}, {@code validation}, {@code test}) to its {@code .csv}
     *     or {@code .npz} file; train and test are required, validation is optional (then empty, or
     *     carved from train with {@link ImportSpec#validationFraction()} > 0)
     * @param spec how to read them; its split column must be empty
     * @return the data set
     */
    public static MultimodalDataset fromSplitFiles(Map<String, Path> files, ImportSpec spec)
            throws IOException {
        if (!spec.splitColumn().isEmpty()) {
            throw new DatasetValidationException(
                    "--split "
                            + spec.splitColumn()
                            + " with one file per split: the files give the split; drop --split or give one file");
        }
        for (String s : files.keySet()) {
            if (!MultimodalDataset.SPLITS.contains(s)) {
                throw new DatasetValidationException(
                        "unknown split '" + s + "': expected one of " + MultimodalDataset.SPLITS);
            }
        }
        for (String s : List.of("train", "test")) {
            if (!files.containsKey(s)) {
                throw new DatasetValidationException(
                        "no "
                                + s
                                + " file: one file per split needs at least --train FILE and --test FILE");
            }
        }
        List<Table> tables = new ArrayList<>();
        for (String s : MultimodalDataset.SPLITS) {
            Path f = files.get(s);
            if (f != null) {
                requireFile(f);
                tables.add(table(f, spec, MultimodalDataset.SPLITS.indexOf(s)));
            }
        }
        return assemble(tables, spec);
    }

    private static Table table(Path file, ImportSpec spec, int fixedSplit) throws IOException {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".csv") && !lower.endsWith(".npz")) {
            throw new DatasetValidationException(file + ": expected a .csv or .npz file");
        }
        return table(file, spec, fixedSplit, lower.endsWith(".csv"));
    }

    private static Table table(Path file, ImportSpec spec, int fixedSplit, boolean csv)
            throws IOException {
        Table t =
                csv ? CsvTable.read(file, spec, fixedSplit) : NpzTable.read(file, spec, fixedSplit);
        t.provenance().put("source_kind", csv ? "csv" : "npz");
        t.provenance().put("source_sha256", sha256(file));
        return t;
    }

    private static MultimodalDataset assemble(List<Table> tables, ImportSpec spec) {
        Table first = tables.get(0);
        String source =
                tables.size() == 1
                        ? first.source()
                        : first.source() + " (and " + (tables.size() - 1) + " more files)";
        for (Table t : tables.subList(1, tables.size())) {
            if (!t.dims().equals(first.dims())) {
                throw new DatasetValidationException(
                        t.source()
                                + " has modalities "
                                + t.dims()
                                + ", "
                                + first.source()
                                + " has "
                                + first.dims()
                                + ": expected the same modalities and dimensions in every file");
            }
            if (!t.shapes().equals(first.shapes())) {
                throw new DatasetValidationException(
                        t.source()
                                + " has sample shapes "
                                + t.shapes()
                                + ", "
                                + first.source()
                                + " has "
                                + first.shapes()
                                + ": expected the same shape of every modality in every file");
            }
        }
        List<String> classes = classes(tables, spec);
        Map<String, Integer> classIndex = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            classIndex.put(classes.get(k), k);
        }
        int n = tables.stream().mapToInt(Table::size).sum();
        int[] y = new int[n];
        int at = 0;
        for (Table t : tables) {
            for (int i = 0; i < t.size(); i++) {
                Integer k = classIndex.get(t.labels()[i]);
                if (k == null) {
                    k = index(t.labels()[i], classes.size());
                }
                if (k == null) {
                    throw new DatasetValidationException(
                            t.source()
                                    + " row "
                                    + t.rows()[i]
                                    + ": label '"
                                    + t.labels()[i]
                                    + "' is not one of the classes "
                                    + shortList(classes)
                                    + " nor a class index 0.."
                                    + (classes.size() - 1));
                }
                y[at++] = k;
            }
        }
        int[] counts = new int[classes.size()];
        for (int v : y) {
            counts[v]++;
        }
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] < 2) {
                throw new DatasetValidationException(
                        source
                                + ": class '"
                                + classes.get(k)
                                + "' has "
                                + (counts[k] == 0 ? "no sample" : "a single sample")
                                + ": expected at least 2 per class (one to train on, one to test)");
            }
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put(
                "source",
                tables.stream()
                        .map(t -> t.provenance().get("source_kind"))
                        .distinct()
                        .reduce((a, b) -> a + "+" + b)
                        .orElse(""));
        boolean given = first.split() != null;
        int[] split = new int[n];
        if (tables.size() == 1) {
            provenance.put("source_file", Path.of(first.source()).getFileName().toString());
            provenance.put("source_sha256", first.provenance().get("source_sha256"));
        } else {
            for (Table t : tables) {
                String s = MultimodalDataset.SPLITS.get(t.split()[0]);
                provenance.put("source_file_" + s, Path.of(t.source()).getFileName().toString());
                provenance.put("source_sha256_" + s, t.provenance().get("source_sha256"));
            }
        }
        first.provenance()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith("columns_")) {
                                provenance.put(k, v);
                            }
                        });
        String howTest;
        if (!given) {
            if (spec.testFraction() <= 0) {
                throw new DatasetValidationException(
                        source
                                + ": --test-fraction "
                                + spec.testFraction()
                                + " without a split: expected a test fraction > 0, a split column (--split) or a --test file");
            }
            split =
                    Splitter.stratified(
                            y,
                            classes.size(),
                            spec.validationFraction(),
                            spec.testFraction(),
                            spec.seed());
            provenance.put(
                    "split",
                    String.format(
                            Locale.ROOT,
                            "stratified seed %d validation %.3f test %.3f",
                            spec.seed(),
                            spec.validationFraction(),
                            spec.testFraction()));
            howTest = "more rows per class, or a larger --test-fraction";
        } else {
            if (spec.testFraction() > 0) {
                throw new DatasetValidationException(
                        "--test-fraction "
                                + spec.testFraction()
                                + " with a given split ("
                                + splitOrigin(tables, spec)
                                + "): the test rows come from it; drop --test-fraction");
            }
            at = 0;
            for (Table t : tables) {
                System.arraycopy(t.split(), 0, split, at, t.size());
                at += t.size();
            }
            provenance.put("split", "given by " + splitOrigin(tables, spec));
            if (spec.validationFraction() > 0) {
                long already = IntStream.of(split).filter(s -> s == 1).count();
                if (already > 0) {
                    throw new DatasetValidationException(
                            "--validation-fraction "
                                    + spec.validationFraction()
                                    + " with a split that already has "
                                    + already
                                    + " validation rows ("
                                    + splitOrigin(tables, spec)
                                    + "): drop --validation-fraction to keep them, or give no validation rows to carve them from train");
                }
                carveValidation(split, y, classes.size(), spec);
                provenance.put(
                        "split",
                        "given by "
                                + splitOrigin(tables, spec)
                                + String.format(
                                        Locale.ROOT,
                                        "; validation: %.3f of each class's training rows, seed %d",
                                        spec.validationFraction(),
                                        spec.seed()));
            }
            howTest = "rows marked test, or a --test file";
        }
        Splitter.requireTrainAndTest(split, source, howTest);
        // every class must be learnable: one with no training row would only ever be guessed
        int[] trainRows = new int[classes.size()];
        for (int i = 0; i < n; i++) {
            if (split[i] == 0) {
                trainRows[y[i]]++;
            }
        }
        for (int k = 0; k < trainRows.length; k++) {
            if (trainRows[k] == 0) {
                throw new DatasetValidationException(
                        source
                                + ": class '"
                                + classes.get(k)
                                + "' has no training row (its rows are all in validation or test): expected at least one training row per class");
            }
        }
        return build(tables, spec, classes, y, split, provenance);
    }

    private static MultimodalDataset build(
            List<Table> tables,
            ImportSpec spec,
            List<String> classes,
            int[] y,
            int[] split,
            Map<String, String> provenance) {
        Table first = tables.get(0);
        int n = y.length;
        Map<String, float[]> features = new LinkedHashMap<>();
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        for (String m : first.dims().keySet()) {
            if (tables.size() == 1) {
                features.put(m, first.features().get(m));
                masks.put(m, first.masks().get(m));
                continue;
            }
            int d = first.dims().get(m);
            float[] f = new float[n * d];
            boolean[] p = new boolean[n];
            int at = 0;
            for (Table t : tables) {
                System.arraycopy(t.features().get(m), 0, f, at * d, t.size() * d);
                System.arraycopy(t.masks().get(m), 0, p, at, t.size());
                at += t.size();
            }
            features.put(m, f);
            masks.put(m, p);
        }
        MultimodalDataset.Builder b = MultimodalDataset.builder(spec.name()).classNames(classes);
        for (String m : features.keySet()) {
            b.modality(m, first.shapes().get(m), "imported");
        }
        MultimodalSplit[] splits = new MultimodalSplit[3];
        for (int s = 0; s < 3; s++) {
            int fs = s;
            int[] idx = IntStream.range(0, n).filter(i -> split[i] == fs).toArray();
            MultimodalSplit.Builder sb = MultimodalSplit.builder(MultimodalDataset.SPLITS.get(s));
            int[] ys = new int[idx.length];
            for (int k = 0; k < idx.length; k++) {
                ys[k] = y[idx[k]];
            }
            sb.labels(ys);
            for (String m : features.keySet()) {
                float[] all = features.get(m);
                int d = first.dims().get(m);
                float[] f = new float[idx.length * d];
                boolean[] p = new boolean[idx.length];
                for (int k = 0; k < idx.length; k++) {
                    System.arraycopy(all, idx[k] * d, f, k * d, d);
                    p[k] = masks.get(m)[idx[k]];
                }
                sb.modality(m, d, f).present(m, p);
            }
            splits[s] = sb.build();
        }
        if (spec.standardize()) {
            List<ModalitySpec> mods = new ArrayList<>();
            features.keySet()
                    .forEach(m -> mods.add(new ModalitySpec(m, first.dims().get(m), "imported")));
            Standardization st = Standardization.fit(splits[0], mods);
            for (int s = 0; s < 3; s++) {
                splits[s] = st.apply(splits[s]);
            }
            b.standardization(st);
            provenance.put("standardize", "train mean/std per feature");
        }
        for (int s = 0; s < 3; s++) {
            b.split(MultimodalDataset.SPLITS.get(s), splits[s]);
        }
        provenance.forEach(b::provenance);
        return b.build();
    }

    /**
     * Class names: --classes, else the files' label_names, else the labels (numeric order when all
     * integers).
     */
    private static List<String> classes(List<Table> tables, ImportSpec spec) {
        List<String> fileNames = List.of();
        for (Table t : tables) {
            if (!t.labelNames().isEmpty()) {
                if (!fileNames.isEmpty() && !fileNames.equals(t.labelNames())) {
                    throw new DatasetValidationException(
                            t.source()
                                    + ": '"
                                    + ImportSpec.LABEL_NAMES_ARRAY
                                    + "' "
                                    + shortList(t.labelNames())
                                    + " differs from "
                                    + shortList(fileNames)
                                    + " of another file: expected the same class names");
                }
                fileNames = t.labelNames();
            }
        }
        if (!spec.classes().isEmpty()) {
            if (!fileNames.isEmpty() && !fileNames.equals(spec.classes())) {
                throw new DatasetValidationException(
                        "--classes "
                                + shortList(spec.classes())
                                + " differs from the file's '"
                                + ImportSpec.LABEL_NAMES_ARRAY
                                + "' "
                                + shortList(fileNames)
                                + ": give one of them, or the same names");
            }
            return spec.classes();
        }
        if (!fileNames.isEmpty()) {
            java.util.Set<String> distinct = new java.util.HashSet<>(fileNames);
            if (distinct.size() != fileNames.size()
                    || fileNames.stream().anyMatch(String::isBlank)) {
                throw new DatasetValidationException(
                        first(tables)
                                + ": '"
                                + ImportSpec.LABEL_NAMES_ARRAY
                                + "' has an empty or repeated name: expected distinct class names");
            }
            return fileNames;
        }
        TreeMap<String, Integer> seen = new TreeMap<>();
        for (Table t : tables) {
            for (String l : t.labels()) {
                seen.merge(l, 1, Integer::sum);
            }
        }
        List<String> classes = new ArrayList<>(seen.keySet());
        if (classes.stream().allMatch(s -> s.matches("-?\\d{1,18}"))) {
            classes.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        }
        return classes;
    }

    private static String first(List<Table> tables) {
        return tables.get(0).source();
    }

    /**
     * @return the class index an integer label names, or null
     */
    private static Integer index(String label, int classes) {
        if (!label.matches("\\d{1,9}")) {
            return null;
        }
        int k = Integer.parseInt(label);
        return k < classes ? k : null;
    }

    private static void carveValidation(int[] split, int[] y, int numClasses, ImportSpec spec) {
        int[] trainRows = IntStream.range(0, split.length).filter(i -> split[i] == 0).toArray();
        int[] trainLabels = new int[trainRows.length];
        for (int k = 0; k < trainRows.length; k++) {
            trainLabels[k] = y[trainRows[k]];
        }
        int[] carved =
                Splitter.stratified(
                        trainLabels, numClasses, spec.validationFraction(), 0, spec.seed());
        for (int k = 0; k < trainRows.length; k++) {
            if (carved[k] == 1) {
                split[trainRows[k]] = 1;
            }
        }
    }

    private static String splitOrigin(List<Table> tables, ImportSpec spec) {
        return spec.splitColumn().isEmpty()
                ? "one file per split"
                : "column '" + spec.splitColumn() + "'";
    }

    private static String shortList(List<String> names) {
        return names.size() <= 10
                ? names.toString()
                : names.subList(0, 10) + "... (" + names.size() + ")";
    }

    private static void requireFile(Path p) {
        if (Files.isDirectory(p)) {
            throw new DatasetValidationException(
                    p.toAbsolutePath() + " is a folder: expected a .csv or .npz file");
        }
        if (!Files.isRegularFile(p)) {
            throw new DatasetValidationException("file not found: " + p.toAbsolutePath());
        }
    }

    private static String sha256(Path p) throws IOException {
        MessageDigest md = io.mlaops.model.util.Sha256.digest();
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
