package io.mlaops.model.data.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.ModalitySpec;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.data.Standardization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A data set folder: {@code manifest.json} plus one {@code <split>.npz} per split holding {@code
 * <modality>} (float32, N x d for a vector, N x T x F or N x C x H x W for a shaped modality),
 * {@code label} (int64) and {@code <modality>_present} (bool). Writing goes to a temporary folder
 * beside the target that is renamed into place when complete, and never replaces anything but an
 * existing data set, and that only when asked ({@link DatasetTarget}); reading checks the format,
 * every file's SHA-256, every array's shape and the content hash before returning.
 */
public final class DatasetFiles {
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private DatasetFiles() {}

    /**
     * Checks, before anything is built, that a data set can be written to {@code dir}.
     *
     * @see DatasetTarget#check(Path, boolean)
     */
    public static void checkTarget(Path dir, boolean replace) throws IOException {
        DatasetTarget.check(dir, replace);
    }

    /**
     * Cleans up after an interrupted write to {@code dir}.
     *
     * @return what was done, one line each
     * @see DatasetTarget#recoverInterrupted(Path)
     */
    public static List<String> recoverInterrupted(Path dir) throws IOException {
        return DatasetTarget.recoverInterrupted(dir);
    }

    /**
     * Writes {@code ds} as version 1 to a new or empty folder.
     *
     * @param ds the data set
     * @param dir target folder: new or empty (see {@link DatasetTarget})
     * @param build tool versions and knobs
     * @return the manifest written
     */
    public static DatasetManifest write(MultimodalDataset ds, Path dir, Map<String, String> build)
            throws IOException {
        return write(ds, dir, "1", build, false);
    }

    /**
     * Writes {@code ds} with an explicit version to a new or empty folder.
     *
     * @see #write(MultimodalDataset, Path, String, Map, boolean)
     */
    public static DatasetManifest write(
            MultimodalDataset ds, Path dir, String version, Map<String, String> build)
            throws IOException {
        return write(ds, dir, version, build, false);
    }

    /**
     * Writes {@code ds} to a temporary folder beside {@code dir}, then renames it into place.
     *
     * @param ds the data set
     * @param dir target folder; its parent must exist
     * @param version data set version recorded in the manifest
     * @param build tool versions and knobs
     * @param replace whether an existing data set at {@code dir} may be replaced (atomically)
     * @return the manifest written
     * @throws DatasetValidationException if {@code dir} may not be written ({@link
     *     DatasetTarget#check}); nothing is changed then, and no temporary folder is left behind on
     *     any failure
     */
    public static DatasetManifest write(
            MultimodalDataset ds,
            Path dir,
            String version,
            Map<String, String> build,
            boolean replace)
            throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        DatasetTarget.recoverInterrupted(target);
        DatasetTarget.check(target, replace);
        Path tmp = DatasetTarget.staging(target);
        try {
            Map<String, String> sums = new TreeMap<>();
            Map<String, Integer> sizes = new LinkedHashMap<>();
            for (String s : MultimodalDataset.SPLITS) {
                MultimodalSplit split = ds.split(s);
                Map<String, NpyArray> arrays = new LinkedHashMap<>();
                for (ModalitySpec m : ds.modalities()) {
                    arrays.put(
                            m.name(),
                            NpyArray.float32(split.features(m.name()), split.size(), m.shape()));
                }
                long[] labels = new long[split.size()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = split.labels()[i];
                }
                arrays.put(ModalitySpec.LABEL_ARRAY, NpyArray.int64(labels));
                for (ModalitySpec m : ds.modalities()) {
                    arrays.put(
                            m.name() + ModalitySpec.PRESENT_SUFFIX,
                            NpyArray.bool(split.present(m.name())));
                }
                byte[] bytes = Npz.bytes(arrays);
                Files.write(tmp.resolve(s + ".npz"), bytes);
                sums.put(s + ".npz", io.mlaops.model.util.Sha256.hex(bytes));
                sizes.put(s, split.size());
            }
            List<DatasetManifest.Modality> mods = new ArrayList<>();
            ds.modalities()
                    .forEach(
                            m ->
                                    mods.add(
                                            new DatasetManifest.Modality(
                                                    m.name(),
                                                    m.dimension(),
                                                    m.kind(),
                                                    m.isVector() ? null : m.shape())));
            Map<String, String> buildInfo = new TreeMap<>(ds.provenance());
            buildInfo.putAll(build);
            DatasetManifest manifest =
                    new DatasetManifest(
                            DatasetManifest.FORMAT,
                            ds.name(),
                            version,
                            DatasetFingerprint.sha256(ds),
                            mods,
                            ds.classNames(),
                            sizes,
                            sums,
                            buildInfo,
                            ds.standardization().map(Standardization::moments).orElse(null));
            JSON.writeValue(tmp.resolve("manifest.json").toFile(), manifest);
            DatasetTarget.commit(tmp, target, replace);
            return manifest;
        } catch (IOException | RuntimeException e) {
            try {
                DatasetTarget.deleteDatasetFolder(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * @param dir a data set folder
     * @return the validated data set
     * @throws NoSuchFileException if the folder or a file is missing
     * @throws DatasetValidationException naming the file and both sums on a checksum mismatch, or
     *     the file and array on a shape problem
     */
    public static MultimodalDataset read(Path dir) throws IOException {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new NoSuchFileException(manifestFile.toString());
        }
        DatasetManifest m = DatasetManifest.read(manifestFile);
        MultimodalDataset.Builder b = MultimodalDataset.builder(m.name());
        for (DatasetManifest.Modality x : m.modalities()) {
            try {
                b.modality(new ModalitySpec(x.name(), x.dimension(), x.kind(), x.sampleShape()));
            } catch (DatasetValidationException e) {
                throw new DatasetValidationException(manifestFile + ": " + e.getMessage());
            }
        }
        b.classNames(m.classes());
        m.build().forEach(b::provenance);
        if (m.standardization() != null) {
            b.standardization(new Standardization(m.standardization()));
        }
        for (String s : MultimodalDataset.SPLITS) {
            String file = s + ".npz";
            Path p = dir.resolve(file);
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString());
            }
            byte[] bytes = Files.readAllBytes(p);
            String expected = m.files().get(file);
            String actual = io.mlaops.model.util.Sha256.hex(bytes);
            if (expected == null) {
                throw new DatasetValidationException(
                        manifestFile + " lists no SHA-256 for " + file);
            }
            if (!expected.equals(actual)) {
                throw new DatasetValidationException(
                        p + ": SHA-256 " + actual + " does not match the manifest's " + expected);
            }
            Map<String, NpyArray> arrays = Npz.read(p);
            b.split(s, split(s, p, arrays, m));
        }
        MultimodalDataset ds = b.build();
        String hash = DatasetFingerprint.sha256(ds);
        if (!hash.equals(m.contentHash())) {
            throw new DatasetValidationException(
                    dir
                            + ": content hash "
                            + hash
                            + " does not match the manifest's "
                            + m.contentHash());
        }
        return ds;
    }

    private static MultimodalSplit split(
            String s, Path file, Map<String, NpyArray> arrays, DatasetManifest m) {
        NpyArray label = arrays.get(ModalitySpec.LABEL_ARRAY);
        if (label == null || !(label.data() instanceof long[]) || label.shape().length != 1) {
            throw new DatasetValidationException(file + ": expected an integer vector 'label'");
        }
        int n = label.shape()[0];
        if (m.splits().get(s) != null && m.splits().get(s) != n) {
            throw new DatasetValidationException(
                    file
                            + ": "
                            + n
                            + " labels, the manifest says "
                            + m.splits().get(s)
                            + " samples");
        }
        int[] y = new int[n];
        long[] raw = (long[]) label.data();
        for (int i = 0; i < n; i++) {
            y[i] = Math.toIntExact(raw[i]);
        }
        MultimodalSplit.Builder sb = MultimodalSplit.builder(s).labels(y);
        for (DatasetManifest.Modality mod : m.modalities()) {
            NpyArray a = arrays.get(mod.name());
            if (a == null) {
                throw new DatasetValidationException(file + ": no array '" + mod.name() + "'");
            }
            int[] expected = new int[mod.sampleShape().size() + 1];
            expected[0] = n;
            for (int k = 1; k < expected.length; k++) {
                expected[k] = mod.sampleShape().get(k - 1);
            }
            if (!a.isFloat() || !java.util.Arrays.equals(a.shape(), expected)) {
                throw new DatasetValidationException(
                        file
                                + ": array '"
                                + mod.name()
                                + "' has dtype "
                                + a.dtype()
                                + " and shape "
                                + java.util.Arrays.toString(a.shape())
                                + ", expected float "
                                + java.util.Arrays.toString(expected)
                                + " (the manifest's shape "
                                + mod.sampleShape()
                                + " per sample)");
            }
            sb.modality(mod.name(), mod.dimension(), (float[]) a.data());
            NpyArray present = arrays.get(mod.name() + ModalitySpec.PRESENT_SUFFIX);
            if (present != null) {
                if (!(present.data() instanceof boolean[] mask) || mask.length != n) {
                    throw new DatasetValidationException(
                            file + ": '" + mod.name() + "_present' must be a bool vector of " + n);
                }
                sb.present(mod.name(), mask);
            }
        }
        return sb.build();
    }
}
