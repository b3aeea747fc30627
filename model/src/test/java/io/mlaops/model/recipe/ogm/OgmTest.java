package io.mlaops.model.recipe.ogm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.FusedTrainer;
import io.mlaops.model.train.ResumeCheck;
import io.mlaops.model.train.StepContext;
import io.mlaops.model.train.StepGradients;
import io.mlaops.model.train.TestData;
import io.mlaops.model.train.TrainingListener;
import io.mlaops.model.train.TrainingSession;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OGM / OGM-GE against the hand-computed values of balancing-methods.md, and its guarantees. */
class OgmTest {
    // the hand test: y = [0, 1], z_a = [[2,0,0],[0,1,0]], z_v = [[0,0,0],[1,0,0]]
    private static final int[] Y = {0, 1};
    private static final float[] ZA = {2, 0, 0, 0, 1, 0};
    private static final float[] ZV = {0, 0, 0, 1, 0, 0};
    private static final boolean[] ALL = {true, true};

    @Test
    void scoresRatioAndCoefficientsOfTheHandTest() {
        double sa = OgmCoefficients.score(ZA, 3, Y, ALL);
        double sv = OgmCoefficients.score(ZV, 3, Y, ALL);
        assertEquals(1.363103, sa, 5e-7);
        assertEquals(0.545275, sv, 5e-7);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("audio", sa);
        scores.put("visual", sv);
        Map<String, Double> rho = OgmCoefficients.ratios(scores);
        // the document rounds to 2.499849; the exact ratio of its scores is 2.4998454
        assertEquals(2.4998454, rho.get("audio"), 5e-7);
        assertEquals(2.499849, rho.get("audio"), 5e-6);
        assertEquals(1.0, rho.get("visual"), 0);
        assertEquals(0.755096, OgmCoefficients.coefficient(0.1, rho.get("audio")), 5e-7);
        assertEquals(0.364879, OgmCoefficients.coefficient(0.3, rho.get("audio")), 5e-7);
        assertEquals(0.035981, OgmCoefficients.coefficient(0.8, rho.get("audio")), 5e-7);
        assertEquals(1.0, OgmCoefficients.coefficient(0.1, rho.get("visual")), 0);
        // the two-modality rule at a tie: neither is modulated
        assertEquals(1.0, OgmCoefficients.coefficient(0.8, 1.0), 0);
    }

    @Test
    void noiseScaleOfTheHandTest() {
        assertEquals(
                0.216025 + 1e-8,
                OgmCoefficients.noiseScale(new float[] {0.2f, -0.1f, 0.4f, 0.3f}),
                5e-7);
        assertEquals(
                0.2160246899 + 1e-8,
                OgmCoefficients.noiseScale(new float[] {0.2f, -0.1f, 0.4f, 0.3f}),
                1e-8);
    }

    @Test
    void aMissingModalityScoresOnItsPresentSamplesScaledToTheBatch() {
        float[] z = {2, 0, 0, 0, 1, 0};
        assertEquals(
                2
                        * OgmCoefficients.score(
                                new float[] {2, 0, 0}, 3, new int[] {0}, new boolean[] {true}),
                OgmCoefficients.score(z, 3, Y, new boolean[] {true, false}),
                1e-12);
        assertTrue(Double.isNaN(OgmCoefficients.score(z, 3, Y, new boolean[] {false, false})));
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("a", 2.0);
        scores.put("b", Double.NaN);
        assertEquals(Map.of("a", 1.0), OgmCoefficients.ratios(scores));
    }

    private static CellSpec cell(String variant, Map<String, String> options) {
        // wide encoders: their noise samples are large enough to estimate its spread
        return TestData.cell(
                "ogm", variant, TestData.trainer().hiddenWidths(List.of(128)).build(), options);
    }

    /**
     * Runs the hook of {@code cell} on hand-made gradients (all 0.25, then 0.2,-0.1,0.4,0.3
     * repeated) and the hand test's logits.
     */
    private static Map<String, float[]> hooked(CellSpec cell) {
        MultimodalDataset ds = TestData.small(0);
        try (TrainingSession s = TrainingSession.create(cell, ds)) {
            StepContext ctx = s.context();
            try (NDManager step = ctx.newStepManager()) {
                StepGradients g = ctx.gradients(step, Y);
                // modality a plays the hand test's dominant audio, b the visual
                g.modality("a", step.zeros(new Shape(2, 8)), step.create(ZA, new Shape(2, 3)), ALL);
                g.modality("b", step.zeros(new Shape(2, 8)), step.create(ZV, new Shape(2, 3)), ALL);
                for (NamedParameter p : s.network().parameters()) {
                    int n = (int) p.array().getShape().size();
                    float[] v = new float[n];
                    float[] pattern = {0.2f, -0.1f, 0.4f, 0.3f};
                    for (int i = 0; i < n; i++) {
                        v[i] = pattern[i % 4];
                    }
                    g.put(p, step.create(v, p.array().getShape()));
                }
                ((FusedTrainer) s.trainer()).hook().apply(g);
                Map<String, float[]> out = new LinkedHashMap<>();
                for (NamedParameter p : g.parameters()) {
                    out.put(p.name(), g.gradient(p).toFloatArray());
                }
                return out;
            }
        }
    }

    private static float[] plain(int n) {
        float[] v = new float[n];
        float[] pattern = {0.2f, -0.1f, 0.4f, 0.3f};
        for (int i = 0; i < n; i++) {
            v[i] = pattern[i % 4];
        }
        return v;
    }

    @Test
    void ogmScalesOnlyTheDominantEncodersWeightMatrices() {
        Map<String, float[]> g = hooked(cell("plain", Map.of()));
        float k = (float) 0.7550958704447364;
        for (Map.Entry<String, float[]> e : g.entrySet()) {
            float[] p = plain(e.getValue().length);
            if (e.getKey().startsWith("encoder.a.") && e.getKey().endsWith(".weight")) {
                for (int i = 0; i < p.length; i++) {
                    assertEquals(k * p[i], e.getValue()[i], 0f, e.getKey());
                }
            } else {
                // the weak modality (k = 1), all biases and the head keep their plain gradient
                assertArrayEquals(p, e.getValue(), 0f, e.getKey());
            }
        }
        // with the biases flag the dominant encoder's biases are scaled too
        Map<String, float[]> b = hooked(cell("plain", Map.of("ogm_biases", "true")));
        assertEquals(k * 0.2f, b.get("encoder.a.0.bias")[0], 0f);
        assertArrayEquals(plain(b.get("head.bias").length), b.get("head.bias"), 0f);
    }

    @Test
    void ogmGeAddsNoiseOfTheGradientsStdToEveryEncodersWeights() {
        Map<String, float[]> g = hooked(cell("ge", Map.of()));
        for (String name :
                List.of(
                        "encoder.a.0.weight",
                        "encoder.a.1.weight",
                        "encoder.b.0.weight",
                        "encoder.b.1.weight")) {
            float[] v = g.get(name);
            float[] p = plain(v.length);
            double sigma = OgmCoefficients.noiseScale(p);
            double k = name.startsWith("encoder.a") ? 0.7550958704447364 : 1;
            double sum = 0;
            double ss = 0;
            for (int i = 0; i < v.length; i++) {
                double eps = v[i] - k * p[i];
                sum += eps;
                ss += eps * eps;
            }
            double mean = sum / v.length;
            double std = Math.sqrt(ss / v.length - mean * mean);
            assertTrue(
                    Math.abs(mean) < 4 * sigma / Math.sqrt(v.length), name + " noise mean " + mean);
            // four standard errors of a sample standard deviation
            assertEquals(sigma, std, 4 * sigma / Math.sqrt(2.0 * v.length), name + " noise std");
        }
        assertArrayEquals(plain(g.get("encoder.a.0.bias").length), g.get("encoder.a.0.bias"), 0f);
        assertArrayEquals(plain(g.get("head.weight").length), g.get("head.weight"), 0f);
        // counter-based: the same position draws the same noise
        assertArrayEquals(
                g.get("encoder.b.0.weight"),
                hooked(cell("ge", Map.of())).get("encoder.b.0.weight"),
                0f);
    }

    @Test
    void outsideTheWindowNothingIsModulated() {
        Map<String, float[]> g = hooked(cell("ge", Map.of("ogm_start", "1", "ogm_end", "5")));
        g.forEach((name, v) -> assertArrayEquals(plain(v.length), v, 0f, name));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> cell("ge", Map.of("ogm_start", "3", "ogm_end", "2")))
                        .getMessage()
                        .contains("ogm_start 3 is after ogm_end 2"));
    }

    @Test
    void ogmWithoutModulationIsJointTrainingBitwise() {
        MultimodalDataset ds = TestData.small(0.2);
        List<float[]> joint = trained(TestData.cell("joint", ""), ds);
        List<float[]> ogm =
                trained(
                        TestData.cell(
                                "ogm",
                                "plain",
                                TestData.trainer().build(),
                                Map.of("ogm_alpha", "0")),
                        ds);
        for (int i = 0; i < joint.size(); i++) {
            assertArrayEquals(joint.get(i), ogm.get(i), 0f);
        }
        List<float[]> modulated =
                trained(
                        TestData.cell(
                                "ogm",
                                "plain",
                                TestData.trainer().build(),
                                Map.of("ogm_alpha", "0.8")),
                        ds);
        assertFalse(
                java.util.Arrays.equals(joint.get(0), modulated.get(0)),
                "alpha 0.8 changed nothing");
    }

    private static List<float[]> trained(CellSpec cell, MultimodalDataset ds) {
        try (TrainingSession s = TrainingSession.create(cell, ds)) {
            s.run(TrainingListener.NONE);
            return s.parameters().stream().map(p -> p.array().toFloatArray()).toList();
        }
    }

    @Test
    void sameSeedSameBitsAndOgmGeLearns() throws Exception {
        MultimodalDataset ds = TestData.small(0.2);
        CellSpec c = TestData.cell("ogm", "ge", TestData.trainer().epochs(4).build());
        assertArrayEquals(ResumeCheck.straight(c, ds), ResumeCheck.straight(c, ds));
        assertFalse(
                java.util.Arrays.equals(
                        ResumeCheck.straight(c, ds), ResumeCheck.straight(c.withSeed(4), ds)));
        try (TrainingSession s = TrainingSession.create(c, ds)) {
            s.run(TrainingListener.NONE);
            assertTrue(
                    s.evaluate(io.mlaops.model.eval.EvaluationConfig.defaults()).fixedAccuracy()
                            > 0.6);
        }
    }

    @Test
    void ogmGeResumesBitwiseMidEpoch() throws Exception {
        ResumeCheck.midEpochResumeIsBitwise(
                TestData.cell("ogm", "ge", TestData.trainer().epochs(3).build()),
                TestData.small(0.2));
    }

    @Test
    void ogmGeResumesBitwiseInAFreshJvm(@TempDir Path dir) throws Exception {
        ResumeCheck.freshJvmResumeIsBitwise(
                TestData.cell("ogm", "ge", TestData.trainer().epochs(4).build()), 2, dir);
    }
}
