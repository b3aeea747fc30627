package io.mlaops.model.train;

import io.mlaops.model.data.MultimodalDataset;
import java.util.Arrays;

/**
 * Measures training steps per second of a trainer on a data set: after {@code warmup} batches (so
 * the JIT and the engine's allocator are warm), {@code repeats} timed rounds of {@code steps}
 * batches each; the result is the median round's rate. For MLA one step is one batch, that is one
 * optimiser step per modality.
 */
public final class TrainerBenchmark {
    private TrainerBenchmark() {}

    /**
     * Measures several configs on the same data with interleaved rounds (A, B, A, B, ...), so that
     * slow drifts of the machine (other processes, frequency) hit every config alike.
     *
     * @param configs cells (threads and batch size included); all share one thread count
     * @param data data set to draw batches from
     * @param warmup batches before timing, per config
     * @param steps batches per timed round
     * @param repeats timed rounds per config
     * @return per config, the sorted rates of its rounds; the median is element {@code repeats / 2}
     */
    public static double[][] stepsPerSecond(
            java.util.List<io.mlaops.model.recipe.CellSpec> configs,
            MultimodalDataset data,
            int warmup,
            int steps,
            int repeats) {
        return stepsPerSecond(
                configs,
                data,
                warmup,
                steps,
                repeats,
                ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice());
    }

    /**
     * As {@link #stepsPerSecond(java.util.List, MultimodalDataset, int, int, int)} on a given
     * device. Every step reads its losses back to the host, so a timed round ends only when the
     * device has finished its work (no asynchronous kernels are left uncounted).
     */
    public static double[][] stepsPerSecond(
            java.util.List<io.mlaops.model.recipe.CellSpec> configs,
            MultimodalDataset data,
            int warmup,
            int steps,
            int repeats,
            ai.djl.Device device) {
        java.util.List<TrainingSession> sessions = new java.util.ArrayList<>();
        try {
            for (io.mlaops.model.recipe.CellSpec c : configs) {
                sessions.add(TrainingSession.create(c, data, device));
            }
            ai.djl.pytorch.jni.JniUtils.setNumThreads(configs.get(0).trainer().threads());
            int n = data.train().size();
            int bs = configs.get(0).trainer().batchSize();
            int batches = Math.max(1, n / bs);
            int[][] rows = new int[batches][bs];
            for (int b = 0; b < batches; b++) {
                for (int i = 0; i < bs; i++) {
                    rows[b][i] = (b * bs + i) % n;
                }
            }
            for (TrainingSession s : sessions) {
                run(s, rows, warmup);
            }
            double[][] rates = new double[sessions.size()][repeats];
            for (int r = 0; r < repeats; r++) {
                for (int k = 0; k < sessions.size(); k++) {
                    long start = System.nanoTime();
                    run(sessions.get(k), rows, steps);
                    rates[k][r] = steps / ((System.nanoTime() - start) / 1e9);
                }
            }
            for (double[] r : rates) {
                Arrays.sort(r);
            }
            return rates;
        } finally {
            sessions.forEach(TrainingSession::close);
        }
    }

    private static void run(TrainingSession s, int[][] rows, int steps) {
        StepContext ctx = s.context();
        Trainer t = s.trainer();
        for (int k = 0; k < steps; k++) {
            ctx.begin(0, k % rows.length, rows.length, s.config().optimizer().learningRate());
            t.trainBatch(ctx, rows[k % rows.length]);
        }
    }
}
