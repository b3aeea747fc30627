package io.mlaops.model.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 content hash of a data set: computed over names, dimensions (and the sample shape of a
 * modality that is not a vector), classes and every split's features (float32 little-endian),
 * presence masks and labels, never over files or times, so the same data gives the same hash
 * wherever it was built.
 */
public final class DatasetFingerprint {
    private DatasetFingerprint() {}

    /**
     * @return lower-case hex SHA-256 of the data set's content
     */
    public static String sha256(MultimodalDataset ds) {
        MessageDigest md = io.mlaops.model.util.Sha256.digest();
        update(md, "mla-dataset-v1");
        update(md, ds.name());
        for (ModalitySpec m : ds.modalities()) {
            // a vector's line is as it always was, so every earlier data set keeps its hash
            update(
                    md,
                    m.name()
                            + ":"
                            + m.dimension()
                            + ":"
                            + m.kind()
                            + (m.isVector() ? "" : ":shape=" + m.shape()));
        }
        for (String c : ds.classNames()) {
            update(md, "class:" + c);
        }
        for (String s : MultimodalDataset.SPLITS) {
            MultimodalSplit split = ds.split(s);
            update(md, "split:" + s + ":" + split.size());
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (ModalitySpec m : ds.modalities()) {
                for (float v : split.features(m.name())) {
                    if (buf.remaining() < 4) {
                        flush(md, buf);
                    }
                    buf.putFloat(v);
                }
                for (boolean p : split.present(m.name())) {
                    if (buf.remaining() < 1) {
                        flush(md, buf);
                    }
                    buf.put((byte) (p ? 1 : 0));
                }
            }
            for (int l : split.labels()) {
                if (buf.remaining() < 4) {
                    flush(md, buf);
                }
                buf.putInt(l);
            }
            flush(md, buf);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void flush(MessageDigest md, ByteBuffer buf) {
        buf.flip();
        md.update(buf);
        buf.clear();
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }
}
