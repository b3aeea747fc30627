package io.mlaops.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MultimodalDatasetValidationTest {
    private static MultimodalSplit split(String name, float[] a, int[] labels) {
        return MultimodalSplit.builder(name)
                .modality("a", 2, a)
                .modality("b", 1, new float[labels.length])
                .labels(labels)
                .build();
    }

    private static MultimodalDataset.Builder valid() {
        return MultimodalDataset.builder("toy")
                .modality("a", 2, "tabular")
                .modality("b", 1, "tabular")
                .classNames(List.of("x", "y"))
                .split("train", split("train", new float[] {1, 2, 3, 4}, new int[] {0, 1}))
                .split("validation", split("validation", new float[] {1, 2}, new int[] {1}))
                .split("test", split("test", new float[] {1, 2}, new int[] {0}));
    }

    private static String error(UnaryOperator<MultimodalDataset.Builder> change) {
        return assertThrows(DatasetValidationException.class, () -> change.apply(valid()).build())
                .getMessage();
    }

    @Test
    void validDataSetBuilds() {
        MultimodalDataset ds = valid().build();
        assertEquals(2, ds.numClasses());
        assertEquals(List.of("a", "b"), ds.modalityNames());
    }

    @Test
    void shapeMismatchNamesSplitModalityAndSizes() {
        String m =
                assertThrows(
                                DatasetValidationException.class,
                                () -> split("train", new float[] {1, 2, 3}, new int[] {0, 1}))
                        .getMessage();
        assertTrue(m.contains("split 'train', modality 'a': 3 values, expected 2 x 2 = 4"), m);
        m =
                error(
                        b ->
                                b.split(
                                        "test",
                                        MultimodalSplit.builder("test")
                                                .modality("a", 1, new float[] {1})
                                                .modality("b", 1, new float[] {0})
                                                .labels(new int[] {0})
                                                .build()));
        assertTrue(m.contains("split 'test', modality 'a': dimension 1, expected 2"), m);
    }

    @Test
    void nanAndInfinityNameRowAndColumn() {
        String m =
                error(
                        b ->
                                b.split(
                                        "train",
                                        split(
                                                "train",
                                                new float[] {1, 2, Float.NaN, 4},
                                                new int[] {0, 1})));
        assertTrue(m.contains("NaN at row 1, column 0"), m);
        m =
                error(
                        b ->
                                b.split(
                                        "test",
                                        split(
                                                "test",
                                                new float[] {1, Float.POSITIVE_INFINITY},
                                                new int[] {0})));
        assertTrue(m.contains("Infinity at row 0, column 1"), m);
    }

    @Test
    void labelOutOfRange() {
        String m =
                error(
                        b ->
                                b.split(
                                        "validation",
                                        split("validation", new float[] {1, 2}, new int[] {2})));
        assertTrue(m.contains("label 2 at row 0 is out of range: expected 0..1"), m);
    }

    @Test
    void emptySplit() {
        String m = error(b -> b.split("test", split("test", new float[0], new int[0])));
        assertTrue(m.contains("split 'test' is empty"), m);
    }

    @Test
    void unknownAndMissingModalities() {
        String m =
                error(
                        b ->
                                b.split(
                                        "train",
                                        MultimodalSplit.builder("train")
                                                .modality("a", 2, new float[] {1, 2})
                                                .modality("b", 1, new float[] {0})
                                                .modality("video", 1, new float[] {0})
                                                .labels(new int[] {0})
                                                .build()));
        assertTrue(m.contains("unknown modality 'video'"), m);
        m =
                error(
                        b ->
                                b.split(
                                        "train",
                                        MultimodalSplit.builder("train")
                                                .modality("a", 2, new float[] {1, 2})
                                                .labels(new int[] {0})
                                                .build()));
        assertTrue(m.contains("modality 'b' is declared but missing"), m);
        m =
                assertThrows(
                                DatasetValidationException.class,
                                () -> valid().build().requireModality("c"))
                        .getMessage();
        assertTrue(m.contains("unknown modality 'c'"), m);
    }

    @Test
    void duplicateNames() {
        assertTrue(error(b -> b.modality("a", 2, "again")).contains("duplicate modality name 'a'"));
        assertTrue(
                error(b -> b.classNames(List.of("x", "x"))).contains("duplicate class name 'x'"));
        assertTrue(error(b -> b.classNames(List.of("x"))).contains("expected at least 2"));
    }

    @Test
    void missingSplitAndBadModalityName() {
        assertTrue(
                assertThrows(
                                DatasetValidationException.class,
                                () ->
                                        MultimodalDataset.builder("t")
                                                .modality("a", 1, "k")
                                                .classNames(List.of("x", "y"))
                                                .build())
                        .getMessage()
                        .contains("has no 'train' split"));
        assertTrue(
                assertThrows(
                                DatasetValidationException.class,
                                () -> new ModalitySpec("a b", 1, "k"))
                        .getMessage()
                        .contains("invalid"));
        assertTrue(
                assertThrows(DatasetValidationException.class, () -> new ModalitySpec("a", 0, "k"))
                        .getMessage()
                        .contains("dimension 0"));
    }

    @Test
    void withMissingRemovesTheRequestedFraction() {
        MultimodalDataset ds = SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(1));
        MultimodalSplit t = ds.test().withMissing("b", 0.3, 9);
        assertEquals(0.3, t.missingRate("b"), 1e-9);
        assertEquals(0.0, t.missingRate("a"), 0.0);
    }

    @Test
    void syntheticGeneratorIsDeterministicAndSeedSensitive() {
        String h1 =
                DatasetFingerprint.sha256(
                        SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(4)));
        String h2 =
                DatasetFingerprint.sha256(
                        SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(4)));
        String h3 =
                DatasetFingerprint.sha256(
                        SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(5)));
        assertEquals(h1, h2);
        assertNotEquals(h1, h3);
    }
}
