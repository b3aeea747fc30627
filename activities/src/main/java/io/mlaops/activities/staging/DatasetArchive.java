package io.mlaops.activities.staging;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.ModalitySpec;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One-object form of a data set for the object store (gzip of a simple big-endian layout: names,
 * dimensions, kinds, classes, provenance, then per split the labels, every modality's float32
 * matrix and presence mask). Decoding re-validates the data set and checks its content hash against
 * the expected one.
 *
 * <p>Format 1 knows only vectors; format 2 adds each modality's sample shape after its kind. A data
 * set of vectors is still written as format 1, byte for byte as before, so archives already in a
 * store stay what a new build would write; both formats are read.
 */
public final class DatasetArchive {
    private static final String MAGIC = "MLA-DATASET";
    private static final int FORMAT = 1;
    private static final int FORMAT_SHAPED = 2;

    private DatasetArchive() {}

    /**
     * @return the archive bytes of {@code ds}
     */
    public static byte[] encode(MultimodalDataset ds) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(bytes, 1 << 16))) {
            boolean shaped = ds.modalities().stream().anyMatch(m -> !m.isVector());
            o.writeUTF(MAGIC);
            o.writeInt(shaped ? FORMAT_SHAPED : FORMAT);
            o.writeUTF(ds.name());
            o.writeInt(ds.modalities().size());
            for (ModalitySpec m : ds.modalities()) {
                o.writeUTF(m.name());
                o.writeInt(m.dimension());
                o.writeUTF(m.kind());
                if (shaped) {
                    o.writeInt(m.shape().size());
                    for (int d : m.shape()) {
                        o.writeInt(d);
                    }
                }
            }
            o.writeInt(ds.numClasses());
            for (String c : ds.classNames()) {
                o.writeUTF(c);
            }
            o.writeInt(ds.provenance().size());
            for (Map.Entry<String, String> e :
                    new java.util.TreeMap<>(ds.provenance()).entrySet()) {
                o.writeUTF(e.getKey());
                o.writeUTF(e.getValue());
            }
            for (String s : MultimodalDataset.SPLITS) {
                MultimodalSplit split = ds.split(s);
                o.writeInt(split.size());
                for (int l : split.labels()) {
                    o.writeInt(l);
                }
                for (ModalitySpec m : ds.modalities()) {
                    float[] f = split.features(m.name());
                    ByteBuffer b = ByteBuffer.allocate(f.length * 4);
                    b.asFloatBuffer().put(f);
                    o.write(b.array());
                    for (boolean p : split.present(m.name())) {
                        o.writeBoolean(p);
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    /**
     * @param data archive bytes
     * @param expectedHash content hash the data set must have
     * @return the validated data set
     * @throws DatasetValidationException if the bytes are not an archive or the hash differs
     */
    public static MultimodalDataset decode(byte[] data, String expectedHash) throws IOException {
        MultimodalDataset ds;
        try (DataInputStream in =
                new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(data)))) {
            int format = MAGIC.equals(in.readUTF()) ? in.readInt() : -1;
            if (format != FORMAT && format != FORMAT_SHAPED) {
                throw new DatasetValidationException(
                        "not an MLA data set archive (format "
                                + FORMAT
                                + " or "
                                + FORMAT_SHAPED
                                + ")");
            }
            MultimodalDataset.Builder b = MultimodalDataset.builder(in.readUTF());
            int nm = in.readInt();
            List<ModalitySpec> specs = new ArrayList<>();
            for (int k = 0; k < nm; k++) {
                String name = in.readUTF();
                int dimension = in.readInt();
                String kind = in.readUTF();
                List<Integer> shape = new ArrayList<>();
                int rank = format == FORMAT_SHAPED ? in.readInt() : 1;
                if (rank < 1 || rank > 3) {
                    throw new DatasetValidationException(
                            "data set archive: modality '" + name + "' has rank " + rank);
                }
                for (int r = 0; r < rank; r++) {
                    shape.add(format == FORMAT_SHAPED ? in.readInt() : dimension);
                }
                ModalitySpec spec = new ModalitySpec(name, dimension, kind, shape);
                specs.add(spec);
                b.modality(spec);
            }
            int nc = in.readInt();
            List<String> classes = new ArrayList<>();
            for (int k = 0; k < nc; k++) {
                classes.add(in.readUTF());
            }
            b.classNames(classes);
            int np = in.readInt();
            for (int k = 0; k < np; k++) {
                b.provenance(in.readUTF(), in.readUTF());
            }
            for (String s : MultimodalDataset.SPLITS) {
                int n = in.readInt();
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = in.readInt();
                }
                MultimodalSplit.Builder sb = MultimodalSplit.builder(s).labels(labels);
                for (ModalitySpec m : specs) {
                    byte[] raw = new byte[n * m.dimension() * 4];
                    in.readFully(raw);
                    float[] f = new float[n * m.dimension()];
                    ByteBuffer.wrap(raw).asFloatBuffer().get(f);
                    boolean[] present = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        present[i] = in.readBoolean();
                    }
                    sb.modality(m.name(), m.dimension(), f).present(m.name(), present);
                }
                b.split(s, sb.build());
            }
            ds = b.build();
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new DatasetValidationException(
                    "data set archive is truncated or not gzip: " + e.getMessage());
        }
        String actual = DatasetFingerprint.sha256(ds);
        if (!actual.equals(expectedHash)) {
            throw new DatasetValidationException(
                    "data set '"
                            + ds.name()
                            + "' has content hash "
                            + actual
                            + ", expected "
                            + expectedHash);
        }
        return ds;
    }
}
