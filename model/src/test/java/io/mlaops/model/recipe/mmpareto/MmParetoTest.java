package io.mlaops.model.recipe.mmpareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.ResumeCheck;
import io.mlaops.model.train.StepContext;
import io.mlaops.model.train.StepGradients;
import io.mlaops.model.train.TestData;
import io.mlaops.model.train.TrainingListener;
import io.mlaops.model.train.TrainingSession;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MMPareto against the hand-computed values of balancing-methods.md, and its guarantees. */
class MmParetoTest {
    private static List<float[]> one(float... v) {
        return List.of(v);
    }

    @Test
    void conflict() {
        List<float[]> a = one(1, 0);
        List<float[]> c = one(-1, 2);
        assertEquals(-0.4472, ParetoCombination.cosine(a, c), 5e-5);
        double[] k = ParetoCombination.weights(1, -1, 5);
        assertEquals(0.75, k[0], 1e-15);
        assertEquals(0.25, k[1], 1e-15);
        // N = (1, 1), T = (0, 2): as one tensor, 1.5 * |T|/|N| * N
        assertArrayEquals(
                new float[] {2.121320f, 2.121320f},
                ParetoCombination.combine(a, c, 1.5).get(0),
                5e-7f);
        // as two one-element tensors: the weights come from the whole encoder, the rescale is per
        // tensor
        List<float[]> split =
                ParetoCombination.combine(
                        List.of(new float[] {1}, new float[] {0}),
                        List.of(new float[] {-1}, new float[] {2}),
                        1.5);
        assertArrayEquals(new float[] {1.5f}, split.get(0), 0f);
        assertArrayEquals(new float[] {3.0f}, split.get(1), 0f);
    }

    @Test
    void noConflict() {
        assertArrayEquals(
                new float[] {3f, 1.5f},
                ParetoCombination.combine(one(1, 0), one(1, 1), 1.5).get(0),
                0f);
    }

    @Test
    void orthogonalGradientsTakeTheMinNormBranch() {
        assertEquals(0, ParetoCombination.cosine(one(1, 0), one(0, 1)), 0);
        assertArrayEquals(new double[] {0.5, 0.5}, ParetoCombination.weights(1, 0, 1), 0);
        assertArrayEquals(
                new float[] {1.5f, 1.5f},
                ParetoCombination.combine(one(1, 0), one(0, 1), 1.5).get(0),
                0f);
    }

    @Test
    void aZeroFusedGradientGivesGamma0999AndOneAndAHalfTimesTheOwnGradient() {
        assertArrayEquals(new double[] {0.999, 0.001}, ParetoCombination.weights(0, 0, 5), 1e-15);
        float[] c = {-1, 2};
        float[] g = ParetoCombination.combine(one(0, 0), one(c), 1.5).get(0);
        assertArrayEquals(new float[] {-1.5f, 3f}, g, 1e-6f);
        // and symmetric: a zero own gradient gives 1.5 times the fused one
        assertArrayEquals(
                new float[] {1.5f, 0f},
                ParetoCombination.combine(one(1, 0), one(0, 0), 1.5).get(0),
                1e-6f);
        // both zero: nothing moves
        assertArrayEquals(
                new float[] {0f, 0f},
                ParetoCombination.combine(one(0, 0), one(0, 0), 1.5).get(0),
                0f);
    }

    private static CellSpec cell(int epochs) {
        return TestData.cell("mmpareto", "", TestData.trainer().epochs(epochs).build());
    }

    @Test
    void theHookCombinesEachEncodersTwoGradientsAndLeavesTheHeads() {
        try (TrainingSession s = TrainingSession.create(cell(1), TestData.small(0))) {
            StepContext ctx = s.context();
            try (NDManager step = ctx.newStepManager()) {
                StepGradients g = ctx.gradients(step, new int[] {0, 1});
                Map<String, List<float[]>> a = new LinkedHashMap<>();
                Map<String, List<float[]>> c = new LinkedHashMap<>();
                java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
                for (String m : List.of("a", "b")) {
                    g.modality(
                            m,
                            step.zeros(new Shape(2, 8)),
                            step.zeros(new Shape(2, 4)),
                            new boolean[] {true, true});
                    a.put(m, new ArrayList<>());
                    c.put(m, new ArrayList<>());
                    for (NamedParameter p : s.network().parameters("encoder." + m)) {
                        float[] x = new float[(int) p.array().getShape().size()];
                        float[] y = new float[x.length];
                        for (int i = 0; i < x.length; i++) {
                            x[i] = (float) rnd.nextGaussian();
                            // b's own gradient opposes its fused one: the conflict branch
                            y[i] =
                                    (float)
                                            (m.equals("b")
                                                    ? -0.5 * x[i] + 0.1 * rnd.nextGaussian()
                                                    : rnd.nextGaussian());
                        }
                        a.get(m).add(x);
                        c.get(m).add(y);
                        g.component(ParetoHook.FUSED, p, step.create(x, p.array().getShape()));
                        g.component(ParetoHook.OWN, p, step.create(y, p.array().getShape()));
                        g.put(p, step.zeros(p.array().getShape()));
                    }
                }
                NamedParameter w = s.network().head().weight();
                float[] head = new float[(int) w.array().getShape().size()];
                java.util.Arrays.fill(head, 0.25f);
                g.put(w, step.create(head, w.array().getShape()));
                new ParetoHook(1.5).apply(g);
                assertTrue(ParetoCombination.cosine(a.get("b"), c.get("b")) < 0);
                for (String m : List.of("a", "b")) {
                    List<float[]> expected = ParetoCombination.combine(a.get(m), c.get(m), 1.5);
                    List<NamedParameter> ps = s.network().parameters("encoder." + m);
                    for (int i = 0; i < ps.size(); i++) {
                        assertArrayEquals(
                                expected.get(i),
                                g.gradient(ps.get(i)).toFloatArray(),
                                0f,
                                ps.get(i).name());
                    }
                }
                assertArrayEquals(head, g.gradient(w).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void theTwoPassesGiveEachLossesOwnGradient() {
        MultimodalDataset ds = TestData.small(0);
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7};
        Map<String, float[]> seen = new LinkedHashMap<>();
        try (TrainingSession s = TrainingSession.create(cell(1), ds)) {
            var parts =
                    new io.mlaops.model.train.TrainerParts(
                            s.cell(), s.network(), s.manager(), s.stepModalities(), Map.of());
            NamedParameter w = s.network().parameters("encoder.a").get(0);
            MmParetoTrainer t =
                    new MmParetoTrainer(
                            parts,
                            step -> {
                                seen.put(
                                        "fused",
                                        step.component(ParetoHook.FUSED, w).toFloatArray());
                                seen.put("own", step.component(ParetoHook.OWN, w).toFloatArray());
                            });
            // the same losses one at a time, each with a fresh gradient
            float[] fused =
                    gradient(
                            s,
                            w,
                            rows,
                            ctx -> {
                                ai.djl.ndarray.NDArray z = null;
                                for (int k = 0; k < 2; k++) {
                                    String m = List.of("a", "b").get(k);
                                    var f =
                                            s.network()
                                                    .encoder(m)
                                                    .forward(
                                                            ctx.features(m, rows),
                                                            ctx.context.dropoutRandom(k));
                                    var zk = s.network().headWeightOnly(f);
                                    z = z == null ? zk : z.add(zk);
                                }
                                return StepContext.crossEntropy(
                                        z.add(s.network().head().bias().array()),
                                        ctx.context.oneHot(ctx.context.labels(rows), ctx.step));
                            });
            float[] own =
                    gradient(
                            s,
                            w,
                            rows,
                            ctx -> {
                                // through the heads of the trainer under test, which start where
                                // the session's do
                                var f =
                                        s.network()
                                                .encoder("a")
                                                .forward(
                                                        ctx.features("a", rows),
                                                        ctx.context.dropoutRandom(0));
                                var u = t.extraParameters();
                                var logits =
                                        ai.djl.nn.core.Linear.linear(
                                                        f, u.get(0).array(), u.get(1).array())
                                                .singletonOrThrow();
                                return StepContext.crossEntropy(
                                        logits,
                                        ctx.context.oneHot(ctx.context.labels(rows), ctx.step));
                            });
            t.trainBatch(s.context(), rows);
            assertArrayEquals(fused, seen.get("fused"), 1e-6f);
            assertArrayEquals(own, seen.get("own"), 1e-6f);
        }
    }

    /** A forward of one loss in a step manager. */
    private record Forward(StepContext context, NDManager step) {
        ai.djl.ndarray.NDArray features(String m, int[] rows) {
            return context.features(m, rows, step);
        }
    }

    /**
     * @return the gradient of {@code w} of one loss; every gradient is zeroed afterwards
     */
    private static float[] gradient(
            TrainingSession s,
            NamedParameter w,
            int[] rows,
            java.util.function.Function<Forward, ai.djl.ndarray.NDArray> loss) {
        try (NDManager step = s.context().newStepManager()) {
            try (ai.djl.training.GradientCollector gc = step.getEngine().newGradientCollector()) {
                gc.backward(loss.apply(new Forward(s.context(), step)));
            }
            ai.djl.ndarray.NDArray g = w.array().getGradient();
            g.attach(step);
            float[] out = g.toFloatArray();
            List<NamedParameter> all = new ArrayList<>(s.parameters());
            for (NamedParameter p : all) {
                ai.djl.ndarray.NDArray x = p.array().getGradient();
                x.attach(step);
                x.subi(x);
            }
            return out;
        }
    }

    @Test
    void trainsItsOwnHeadsWhichAreCheckpointedAndReportTheirAccuracy() throws Exception {
        MultimodalDataset ds = TestData.small(0.2);
        byte[] ckpt;
        float[] head;
        try (TrainingSession s = TrainingSession.create(cell(4), ds)) {
            List<String> names = s.parameters().stream().map(NamedParameter::name).toList();
            assertTrue(
                    names.containsAll(
                            List.of(
                                    "pareto.head.a.weight",
                                    "pareto.head.a.bias",
                                    "pareto.head.b.weight",
                                    "pareto.head.b.bias")),
                    names.toString());
            float[] before = param(s, "pareto.head.b.weight");
            s.run(TrainingListener.NONE);
            head = param(s, "pareto.head.b.weight");
            assertFalse(java.util.Arrays.equals(before, head), "own head b did not move");
            assertTrue(
                    s.optimizer().states().containsKey("pareto.head.b.weight"),
                    "own head has no optimizer state");
            EvaluationReport r = s.evaluate(EvaluationConfig.defaults());
            assertTrue(r.fixedAccuracy() > 0.6, "fused accuracy " + r.fixedAccuracy());
            assertEquals(
                    List.of("own_head_acc_a", "own_head_acc_b"), List.copyOf(r.extra().keySet()));
            assertTrue(r.extra().get("own_head_acc_a") > 0.5, r.extra().toString());
            ckpt = ResumeCheck.checkpoint(s);
        }
        try (TrainingSession s = TrainingSession.restore(new ByteArrayInputStream(ckpt), ds)) {
            assertArrayEquals(head, param(s, "pareto.head.b.weight"), 0f);
        }
    }

    private static float[] param(TrainingSession s, String name) {
        return s.parameters().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow()
                .array()
                .toFloatArray();
    }

    @Test
    void sameSeedSameBits() throws Exception {
        MultimodalDataset ds = TestData.small(0.2);
        assertArrayEquals(ResumeCheck.straight(cell(2), ds), ResumeCheck.straight(cell(2), ds));
        assertFalse(
                java.util.Arrays.equals(
                        ResumeCheck.straight(cell(2), ds),
                        ResumeCheck.straight(cell(2).withSeed(9), ds)));
    }

    @Test
    void resumesBitwiseMidEpoch() throws Exception {
        ResumeCheck.midEpochResumeIsBitwise(cell(3), TestData.small(0.2));
    }

    @Test
    void resumesBitwiseInAFreshJvm(@TempDir Path dir) throws Exception {
        ResumeCheck.freshJvmResumeIsBitwise(cell(4), 2, dir);
    }
}
