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
 */
public final class DatasetArchive {
    private static final String MAGIC = "MLA-DATASET";
    private static final int FORMAT = 1;

    private DatasetArchive() {}

    /**
     * @return the archive bytes of {@code ds}
     */
    public static byte[] encode(MultimodalDataset ds) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(bytes, 1 << 16))) {
            o.writeUTF(MAGIC);
            o.writeInt(FORMAT);
            o.writeUTF(ds.name());
            o.writeInt(ds.modalities().size());
            for (ModalitySpec m : ds.modalities()) {
                o.writeUTF(m.name());
                o.writeInt(m.dimension());
                o.writeUTF(m.kind());
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
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != FORMAT) {
                throw new DatasetValidationException(
                        "not an MLA data set archive (format " + FORMAT + ")");
            }
            MultimodalDataset.Builder b = MultimodalDataset.builder(in.readUTF());
            int nm = in.readInt();
            List<ModalitySpec> specs = new ArrayList<>();
            for (int k = 0; k < nm; k++) {
                ModalitySpec spec = new ModalitySpec(in.readUTF(), in.readInt(), in.readUTF());
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
