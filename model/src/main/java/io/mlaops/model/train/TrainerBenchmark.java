package io.mlaops.model.train;

import io.mlaops.model.data.MultimodalDataset;
import java.util.Arrays;

/**
 * Measures training steps per second of a trainer on a data set: after {@code warmup} batches (so
 * the JIT and the engine's allocator are warm), {@code repeats} timed rounds of {@code steps}
 * batches each; the result is the median round's rate. For MLA one step is one batch, that is
 * one optimiser step per modality.
 */
public final class TrainerBenchmark {
    private TrainerBenchmark() {}

    /**
     * @param config trainer settings (threads and batch size included)
     * @param data data set to draw batches from
     * @param warmup batches before timing
     * @param steps batches per timed round
     * @param repeats timed rounds
     * @return the rates of all rounds, sorted; the median is element {@code repeats / 2}
     */
    public static double[] stepsPerSecond(TrainerConfig config, MultimodalDataset data, int warmup, int steps, int repeats) {
        try (TrainingSession s = TrainingSession.create(config, data)) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(config.threads());
            int n = data.train().size();
            int bs = config.batchSize();
            int batches = Math.max(1, n / bs);
            int[][] rows = new int[batches][bs];
            for (int b = 0; b < batches; b++) {
                for (int i = 0; i < bs; i++) {
                    rows[b][i] = (b * bs + i) % n;
                }
            }
            StepContext ctx = s.context();
            Trainer t = s.trainer();
            for (int k = 0; k < warmup; k++) {
                ctx.begin(0, k % batches, batches, config.optimizer().learningRate());
                t.trainBatch(ctx, rows[k % batches]);
            }
            double[] rates = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                for (int k = 0; k < steps; k++) {
                    ctx.begin(0, k % batches, batches, config.optimizer().learningRate());
                    t.trainBatch(ctx, rows[k % batches]);
                }
                rates[r] = steps / ((System.nanoTime() - start) / 1e9);
            }
            Arrays.sort(rates);
            return rates;
        }
    }
}
