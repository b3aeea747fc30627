package io.mlaops.model.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogitFusionTest {
    // two modalities, one sample, three classes; expected values computed by hand (Python, float64)
    private static final float[] ZA = {2.0f, 0.5f, -1.0f};
    private static final float[] ZB = {0.2f, 0.4f, 0.1f};
    private static final boolean[] ALL = {true};

    @Test
    void entropyMatchesHandComputedValues() {
        assertEquals(0.6215846046792745, LogitFusion.entropy(ZA, 0, 3), 1e-6);
        assertEquals(1.0906356052299235, LogitFusion.entropy(ZB, 0, 3), 1e-6);
    }

    @Test
    void dynamicWeightsAreSoftmaxOfNegativeEntropy() {
        double[] w = LogitFusion.dynamicWeights(List.of(ZA, ZB), List.of(ALL, ALL), 1, 3);
        assertEquals(0.6151591163677533, w[0], 1e-6);
        assertEquals(0.38484088363224667, w[1], 1e-6);
        double[] fused = LogitFusion.dynamic(List.of(ZA, ZB), List.of(ALL, ALL), 1, 3);
        assertArrayEquals(
                new double[] {1.307286409461956, 0.46151591163677536, -0.5766750280045286},
                fused,
                1e-6);
    }

    @Test
    void dynamicFusionCanOverruleFixedFusion() {
        // a is certain of class 1; b is unsure but has large logits for class 0
        float[] a = {0f, 1.8f, -3f};
        float[] b = {10f, 8f, 9.5f};
        List<float[]> z = List.of(a, b);
        List<boolean[]> p = List.of(ALL, ALL);
        int fixed =
                LogitFusion.argmax(LogitFusion.fixed(z, p, new double[] {0.5, 0.5}, 1, 3), 1, 3)[0];
        int dynamic = LogitFusion.argmax(LogitFusion.dynamic(z, p, 1, 3), 1, 3)[0];
        assertEquals(0, fixed);
        assertEquals(1, dynamic);
    }

    @Test
    void missingModalityDropsOutOfBothFusions() {
        boolean[] absent = {false};
        double[] fixed =
                LogitFusion.fixed(
                        List.of(ZA, ZB), List.of(ALL, absent), new double[] {0.5, 0.5}, 1, 3);
        assertArrayEquals(new double[] {1.0, 0.25, -0.5}, fixed, 1e-9);
        double[] w = LogitFusion.dynamicWeights(List.of(ZA, ZB), List.of(ALL, absent), 1, 3);
        assertEquals(1.0, w[0], 1e-12);
        assertEquals(0.0, w[1], 0.0);
    }

    @Test
    void batchVariantDependsOnBatchComposition() {
        // same first sample, different second sample: per-sample DF ignores it, the batch variant
        // does not
        float[] a1 = {2f, 0.5f, -1f, 0f, 0f, 0f};
        float[] a2 = {2f, 0.5f, -1f, 5f, 0f, 0f};
        float[] b = {0.2f, 0.4f, 0.1f, 0f, 0f, 1f};
        boolean[] two = {true, true};
        double[] s1 = LogitFusion.dynamic(List.of(a1, b), List.of(two, two), 2, 3);
        double[] s2 = LogitFusion.dynamic(List.of(a2, b), List.of(two, two), 2, 3);
        assertEquals(s1[0], s2[0], 1e-12);
        double[] b1 = LogitFusion.dynamicBatch(List.of(a1, b), List.of(two, two), 2, 3, 2);
        double[] b2 = LogitFusion.dynamicBatch(List.of(a2, b), List.of(two, two), 2, 3, 2);
        org.junit.jupiter.api.Assertions.assertNotEquals(b1[0], b2[0], 1e-6);
    }
}
