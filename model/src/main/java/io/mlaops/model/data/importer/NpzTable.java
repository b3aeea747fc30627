package io.mlaops.model.data.importer;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.ModalitySpec;
import io.mlaops.model.data.files.NpyArray;
import io.mlaops.model.data.files.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one {@code .npz} ({@code numpy.savez}) into a {@link Table}: one float array per modality
 * ({@code N x d} a vector, {@code N x T x F} a spectrogram, {@code N x C x H x W} an image: the
 * sample shape is kept; C or Fortran order), labels (integers, or strings), optional {@code
 * <array>_present} bool masks, an optional split array and an optional {@code label_names} string
 * array.
 */
final class NpzTable {
    private NpzTable() {}

    static Table read(Path npz, ImportSpec spec, int fixedSplit) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(npz);
        NpyArray labelArr = arrays.get(spec.labelColumn());
        if (labelArr == null) {
            throw new DatasetValidationException(
                    npz
                            + " has no array '"
                            + spec.labelColumn()
                            + "' for the labels: arrays are "
                            + arrays.keySet());
        }
        int n = labelArr.shape().length == 0 ? 0 : labelArr.shape()[0];
        if (labelArr.shape().length != 1 || n == 0) {
            throw new DatasetValidationException(
                    npz
                            + ": labels '"
                            + spec.labelColumn()
                            + "' have shape "
                            + Arrays.toString(labelArr.shape())
                            + ": expected a non-empty 1-D array");
        }
        String[] labels = labels(npz, spec.labelColumn(), labelArr, n);
        List<String> labelNames = List.of();
        NpyArray namesArr = arrays.get(ImportSpec.LABEL_NAMES_ARRAY);
        if (namesArr != null) {
            if (!(namesArr.data() instanceof String[] s) || namesArr.shape().length != 1) {
                throw new DatasetValidationException(
                        npz
                                + ": '"
                                + ImportSpec.LABEL_NAMES_ARRAY
                                + "' is "
                                + namesArr.dtype()
                                + Arrays.toString(namesArr.shape())
                                + ": expected a 1-D string array (numpy.array(names, dtype=str))");
            }
            labelNames = List.of(s);
        }
        Map<String, String> chosen = new LinkedHashMap<>();
        if (spec.modalities().isEmpty()) { // every other float array is a modality
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                String k = e.getKey();
                if (e.getValue().isFloat()
                        && !k.equals(spec.labelColumn())
                        && !k.equals(spec.splitColumn())
                        && !k.endsWith(ModalitySpec.PRESENT_SUFFIX)) {
                    try {
                        ModalitySpec.requireName(k);
                    } catch (DatasetValidationException ex) {
                        throw new DatasetValidationException(
                                npz
                                        + ": float array '"
                                        + k
                                        + "' would become a modality, but "
                                        + ex.getMessage()
                                        + " (pick arrays with --modality NAME=ARRAY)");
                    }
                    chosen.put(k, k);
                }
            }
            if (chosen.isEmpty()) {
                throw new DatasetValidationException(
                        npz
                                + " has no float array besides the labels: expected one array per modality");
            }
        } else {
            spec.modalities().forEach((m, a) -> chosen.put(m, a.isEmpty() ? m : a));
        }
        // a mask must belong to something: one for a modality that does not exist would be ignored
        for (String k : arrays.keySet()) {
            if (k.endsWith(ModalitySpec.PRESENT_SUFFIX)) {
                String of = k.substring(0, k.length() - ModalitySpec.PRESENT_SUFFIX.length());
                if (!arrays.containsKey(of) && !chosen.containsKey(of)) {
                    throw new DatasetValidationException(
                            npz
                                    + ": mask '"
                                    + k
                                    + "' belongs to no modality (there is no array '"
                                    + of
                                    + "'; modalities "
                                    + chosen.keySet()
                                    + "): expected <modality>"
                                    + ModalitySpec.PRESENT_SUFFIX
                                    + " for a modality that is imported");
                }
            }
        }
        Map<String, float[]> features = new LinkedHashMap<>();
        Map<String, Integer> dims = new LinkedHashMap<>();
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : chosen.entrySet()) {
            NpyArray a = arrays.get(m.getValue());
            if (a == null) {
                throw new DatasetValidationException(
                        npz
                                + " has no array '"
                                + m.getValue()
                                + "' for modality '"
                                + m.getKey()
                                + "': arrays are "
                                + arrays.keySet());
            }
            if (!a.isFloat()) {
                throw new DatasetValidationException(
                        npz
                                + ": array '"
                                + m.getValue()
                                + "' is "
                                + a.dtype()
                                + ": expected float32 or float64 features");
            }
            if (a.shape().length == 0 || a.shape()[0] != n) {
                throw new DatasetValidationException(
                        npz
                                + ": array '"
                                + m.getValue()
                                + "' has shape "
                                + Arrays.toString(a.shape())
                                + ": expected "
                                + n
                                + " rows (as many as labels)");
            }
            if (a.shape().length > 4) {
                throw new DatasetValidationException(
                        npz
                                + ": array '"
                                + m.getValue()
                                + "' has shape "
                                + Arrays.toString(a.shape())
                                + ": expected (N, D) vectors, (N, T, F) spectrograms or (N, C, H, W)"
                                + " images, N = "
                                + n);
            }
            int d = a.size() / n;
            if (d == 0) {
                throw new DatasetValidationException(
                        npz
                                + ": modality '"
                                + m.getKey()
                                + "' (array '"
                                + m.getValue()
                                + "') has zero columns: expected at least one feature");
            }
            float[] f = (float[]) a.data();
            for (int i = 0; i < f.length; i++) {
                if (!Float.isFinite(f[i])) {
                    throw new DatasetValidationException(
                            npz
                                    + ": array '"
                                    + m.getValue()
                                    + "' row "
                                    + (i / d)
                                    + " column "
                                    + (i % d)
                                    + " is "
                                    + f[i]
                                    + ": expected a finite number");
                }
            }
            NpyArray p = arrays.get(m.getValue() + ModalitySpec.PRESENT_SUFFIX);
            if (p == null && !m.getKey().equals(m.getValue())) {
                p = arrays.get(m.getKey() + ModalitySpec.PRESENT_SUFFIX);
            }
            boolean[] mask = new boolean[n];
            Arrays.fill(mask, true);
            if (p != null) {
                if (!(p.data() instanceof boolean[] b) || b.length != n) {
                    throw new DatasetValidationException(
                            npz
                                    + ": mask '"
                                    + m.getValue()
                                    + ModalitySpec.PRESENT_SUFFIX
                                    + "' is "
                                    + p.dtype()
                                    + Arrays.toString(p.shape())
                                    + ": expected a bool array of "
                                    + n
                                    + " rows");
                }
                mask = b;
            }
            features.put(m.getKey(), f);
            dims.put(m.getKey(), d);
            List<Integer> shape = new java.util.ArrayList<>();
            for (int k = 1; k < a.shape().length; k++) {
                shape.add(a.shape()[k]);
            }
            if (shape.isEmpty()) {
                shape.add(1); // an (N,) array: one feature per row
            }
            shapes.put(m.getKey(), shape);
            masks.put(m.getKey(), mask);
        }
        int[] split = null;
        if (!spec.splitColumn().isEmpty()) {
            NpyArray s = arrays.get(spec.splitColumn());
            if (s == null || !(s.data() instanceof long[] l) || l.length != n) {
                throw new DatasetValidationException(
                        npz
                                + ": split array '"
                                + spec.splitColumn()
                                + "' is missing or not an integer array of "
                                + n
                                + " rows: expected 0 = train, 1 = validation, 2 = test");
            }
            split = new int[n];
            for (int i = 0; i < n; i++) {
                if (l[i] < 0 || l[i] > 2) {
                    throw new DatasetValidationException(
                            npz
                                    + ": split array '"
                                    + spec.splitColumn()
                                    + "' row "
                                    + i
                                    + " is "
                                    + l[i]
                                    + ": expected 0 = train, 1 = validation or 2 = test");
                }
                split[i] = (int) l[i];
            }
        } else if (fixedSplit >= 0) {
            split = new int[n];
            Arrays.fill(split, fixedSplit);
        }
        long[] rows = new long[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return new Table(
                npz.toString(),
                features,
                dims,
                masks,
                labels,
                rows,
                split,
                labelNames,
                new LinkedHashMap<>(),
                shapes);
    }

    private static String[] labels(Path npz, String name, NpyArray labelArr, int n) {
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            if (labelArr.data() instanceof long[] l) {
                labels[i] = Long.toString(l[i]);
            } else if (labelArr.data() instanceof float[] f) {
                if (f[i] != Math.rint(f[i])) {
                    throw new DatasetValidationException(
                            npz
                                    + ": label array '"
                                    + name
                                    + "' row "
                                    + i
                                    + " is "
                                    + f[i]
                                    + ": expected an integer class");
                }
                labels[i] = Long.toString((long) f[i]);
            } else if (labelArr.data() instanceof String[] s) {
                if (s[i].isBlank()) {
                    throw new DatasetValidationException(
                            npz
                                    + ": label array '"
                                    + name
                                    + "' row "
                                    + i
                                    + " is empty: expected a class");
                }
                labels[i] = s[i];
            } else {
                throw new DatasetValidationException(
                        npz
                                + ": labels '"
                                + name
                                + "' are "
                                + labelArr.dtype()
                                + ": expected integers or strings");
            }
        }
        return labels;
    }
}
