package io.mlaops.activities.staging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The staging archive keeps a modality's sample shape; vector data sets stay format 1. */
class DatasetArchiveTest {
    private static MultimodalDataset shaped() {
        MultimodalDataset.Builder b =
                MultimodalDataset.builder("imgs")
                        .modality("image", List.of(1, 2, 3), "image")
                        .modality("audio", List.of(2, 2), "audio")
                        .classNames(List.of("x", "y"));
        for (String s : MultimodalDataset.SPLITS) {
            int n = s.equals("validation") ? 0 : 4;
            float[] img = new float[n * 6];
            float[] aud = new float[n * 4];
            int[] y = new int[n];
            for (int i = 0; i < img.length; i++) {
                img[i] = i * 0.5f;
            }
            for (int i = 0; i < n; i++) {
                y[i] = i % 2;
            }
            b.split(
                    s,
                    MultimodalSplit.builder(s)
                            .labels(y)
                            .modality("image", 6, img)
                            .modality("audio", 4, aud)
                            .build());
        }
        return b.build();
    }

    private static int format(byte[] archive) throws Exception {
        try (DataInputStream in =
                new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
            in.readUTF();
            return in.readInt();
        }
    }

    @Test
    void shapesRoundTripAndVectorsStayFormatOne() throws Exception {
        MultimodalDataset ds = shaped();
        byte[] a = DatasetArchive.encode(ds);
        assertEquals(2, format(a));
        MultimodalDataset back = DatasetArchive.decode(a, DatasetFingerprint.sha256(ds));
        assertEquals(ds.modalities(), back.modalities());
        assertArrayEquals(ds.test().features("image"), back.test().features("image"));

        MultimodalDataset v = SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(0));
        byte[] va = DatasetArchive.encode(v);
        assertEquals(1, format(va));
        assertEquals(
                v.modalities(),
                DatasetArchive.decode(va, DatasetFingerprint.sha256(v)).modalities());
        assertThrows(
                DatasetValidationException.class,
                () -> DatasetArchive.decode(a, DatasetFingerprint.sha256(v)),
                "another hash is refused");
    }
}
