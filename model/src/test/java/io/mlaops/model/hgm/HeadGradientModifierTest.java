package io.mlaops.model.hgm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class HeadGradientModifierTest {

    @Test
    void absorbedFeatureIsProjectedAway() {
        try (NDManager m = NDManager.newBaseManager()) {
            HeadGradientModifier hgm = new HeadGradientModifier(HgmVariant.PAPER, 1e-4, 4, m);
            float[] h = {1f, 2f, -1f, 0.5f};
            try (NDManager step = m.newSubManager()) {
                hgm.absorb(step.create(h), 1e-4);
                float[] ph =
                        hgm.projection().matMul(step.create(h, new Shape(4, 1))).toFloatArray();
                double norm = 0;
                for (float v : ph) {
                    norm += v * v;
                }
                // P h = h alpha / (alpha + |h|^2): |h| = 2.5, so |P h| ~ 4e-5
                assertTrue(Math.sqrt(norm) < 1e-4, "|P h| = " + Math.sqrt(norm));
                // a direction orthogonal to h passes unchanged
                float[] o = {2f, -1f, 0f, 0f};
                float[] po =
                        hgm.projection().matMul(step.create(o, new Shape(4, 1))).toFloatArray();
                assertArrayEquals(o, po, 1e-5f);
            }
        }
    }

    @Test
    void recursiveLeastSquaresMatchesHandComputation() {
        // two absorptions with alpha = 0.5, checked against the formula in float64
        double alpha = 0.5;
        double[][] hs = {{1, 0, 2}, {0.5, -1, 1}};
        double[][] p = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        try (NDManager m = NDManager.newBaseManager()) {
            HeadGradientModifier hgm = new HeadGradientModifier(HgmVariant.PAPER, alpha, 3, m);
            for (double[] h : hs) {
                double[] k = new double[3];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        k[i] += p[i][j] * h[j];
                    }
                }
                double den = alpha;
                for (int i = 0; i < 3; i++) {
                    den += h[i] * k[i];
                }
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        p[i][j] -= k[i] * k[j] / den;
                    }
                }
                try (NDManager step = m.newSubManager()) {
                    hgm.absorb(
                            step.create(new float[] {(float) h[0], (float) h[1], (float) h[2]}),
                            alpha);
                }
            }
            float[] actual = hgm.projection().toFloatArray();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(p[i][j], actual[i * 3 + j], 1e-5, "P[" + i + "][" + j + "]");
                    assertEquals(actual[i * 3 + j], actual[j * 3 + i], 1e-6, "P stays symmetric");
                }
            }
            // the gradient is right-multiplied by P
            try (NDManager step = m.newSubManager()) {
                NDArray g = step.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
                float[] gp = hgm.project(g).toFloatArray();
                for (int r = 0; r < 2; r++) {
                    for (int j = 0; j < 3; j++) {
                        double e = 0;
                        for (int i = 0; i < 3; i++) {
                            e += (1 + r * 3 + i) * p[i][j];
                        }
                        assertEquals(e, gp[r * 3 + j], 1e-4);
                    }
                }
            }
        }
    }

    @Test
    void codeVariantKeepsUnitFrobeniusNormAndItsAlphaSchedule() {
        try (NDManager m = NDManager.newBaseManager()) {
            HeadGradientModifier hgm = new HeadGradientModifier(HgmVariant.CODE, 1.0, 5, m);
            assertEquals(0.1, hgm.alpha(0, 10), 1e-12);
            assertEquals(Math.pow(0.1, 1.5), hgm.alpha(5, 10), 1e-12);
            try (NDManager step = m.newSubManager()) {
                hgm.absorb(step.create(new float[] {1, 1, 0, 0, 2}), hgm.alpha(0, 10));
                hgm.absorb(step.create(new float[] {0, 1, 3, 0, 0}), hgm.alpha(1, 10));
            }
            float[] p = hgm.projection().toFloatArray();
            double fro = 0;
            for (float v : p) {
                fro += v * v;
            }
            assertEquals(1.0, Math.sqrt(fro), 1e-5);
        }
    }

    @Test
    void absorbLeavesNoTemporaryInTheLongLivedManager() {
        try (NDManager owner = NDManager.newBaseManager()) {
            HeadGradientModifier hgm = new HeadGradientModifier(HgmVariant.CODE, 1.0, 8, owner);
            int before = owner.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                try (NDManager step = owner.newSubManager()) {
                    hgm.absorb(step.randomNormal(new Shape(8)), 0.1);
                    hgm.project(step.randomNormal(new Shape(3, 8)));
                }
            }
            assertEquals(before, owner.getManagedArrays().size());
        }
    }

    @Test
    void offHasNoModifier() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new HeadGradientModifier(HgmVariant.OFF, 1, 4, m));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new HeadGradientModifier(HgmVariant.PAPER, 0, 4, m));
        }
    }

    @Test
    void projectionStrengthIsTheShareOfTheGradientNormRemoved() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            // P = diag(1, 0) keeps the first column: G - GP = [[0, 0], [0, 1]], 1 / sqrt 2 of |G|
            NDArray p = m.create(new float[] {1, 0, 0, 0}, new Shape(2, 2));
            assertEquals(Math.sqrt(0.5), HgmHook.removedShare(g, g.matMul(p)), 1e-7);
            assertEquals(0.0, HgmHook.removedShare(g, g.matMul(m.eye(2))), 0);
            assertEquals(1.0, HgmHook.removedShare(g, g.matMul(m.zeros(new Shape(2, 2)))), 0);
            assertTrue(Double.isNaN(HgmHook.removedShare(m.zeros(new Shape(2, 2)), p)));
        }
    }
}
