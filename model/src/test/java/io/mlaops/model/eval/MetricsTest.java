package io.mlaops.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void macroF1ByHand() {
        int[] labels = {0, 0, 1, 1, 2, 2};
        int[] pred = {0, 1, 1, 1, 2, 0};
        int[][] cm = ClassificationMetrics.confusion(pred, labels, 3);
        assertEquals(1, cm[0][1]);
        // class 0: tp1 fp1 fn1 -> 0.5; class 1: tp2 fp1 fn0 -> 0.8; class 2: tp1 fp0 fn1 -> 2/3
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, ClassificationMetrics.macroF1(cm), 1e-12);
        assertEquals(4.0 / 6, ClassificationMetrics.accuracy(pred, labels, null), 1e-12);
        assertEquals(
                1.0,
                ClassificationMetrics.accuracy(
                        pred, labels, new boolean[] {true, false, true, true, true, false}),
                1e-12);
    }

    @Test
    void modalityGapOfNormalisedCentroids() {
        // a's features all point along x, b's along y: centroids (1,0) and (0,1), distance sqrt(2)
        float[] a = {2, 0, 5, 0};
        float[] b = {0, 3, 0, 0.5f};
        boolean[] all = {true, true};
        assertEquals(Math.sqrt(2), ModalityGap.between(a, all, b, all, 2), 1e-9);
        assertEquals(0.0, ModalityGap.between(a, all, a, all, 2), 1e-12);
    }
}
