package io.mlaops.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.recipe.CellSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A worker JVM is busy: gRPC, uploads and metrics allocate on other threads and the garbage
 * collector runs at any moment. Training must still give the same bytes every time. This failed
 * when a scalar operand of the loss (DJL's {@code div(Number)}) was freed by a collection between
 * the forward and the backward pass: most runs then ended with different parameters.
 */
class GarbageCollectionDeterminismTest {
    private static final int RUNS = 6;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"mla, off", "mla, paper", "joint, ''", "mmpareto, ''"})
    void trainingIsBitwiseRepeatableWhileAnotherThreadChurnsMemory(String recipe, String variant)
            throws Exception {
        MultimodalDataset ds = SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(0));
        CellSpec cell =
                new CellSpec(
                        "synthetic",
                        recipe,
                        variant,
                        "",
                        2,
                        TrainerConfig.builder().epochs(2).build(),
                        Map.of());
        repeatableUnderChurn(cell, ds);
    }

    /**
     * The convolutional path (convolutions, pooling, batch norm with its running statistics, the
     * present-row selection of a fused step) under the same stress, on the small shaped data.
     */
    @ParameterizedTest(name = "resnet {0} {1}")
    @CsvSource({"mla, paper", "joint, ''", "mmpareto, ''"})
    void convolutionalTrainingIsBitwiseRepeatableWhileAnotherThreadChurnsMemory(
            String recipe, String variant) throws Exception {
        MultimodalDataset ds = TestData.shaped(0.2);
        CellSpec cell =
                new CellSpec(
                        "shaped",
                        recipe,
                        variant,
                        "",
                        2,
                        TestData.trainer()
                                .epochs(3)
                                .encoders(
                                        "resnet,b=lenet",
                                        Map.of(
                                                "resnet_blocks", "1,1",
                                                "resnet_width", "4",
                                                "resnet_stem", "small",
                                                "lenet_kernel", "3"))
                                .build(),
                        Map.of());
        repeatableUnderChurn(cell, ds);
    }

    /** Trains {@code cell} {@link #RUNS} times while memory churns: every run's bytes the same. */
    private static void repeatableUnderChurn(CellSpec cell, MultimodalDataset ds) throws Exception {
        byte[] reference = ResumeCheck.straight(cell, ds);
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = new Thread(() -> churn(stop), "memory-churn");
        churn.setDaemon(true);
        churn.start();
        try {
            for (int run = 0; run < RUNS; run++) {
                assertArrayEquals(
                        reference,
                        ResumeCheck.straight(cell, ds),
                        "run " + run + " under garbage collection differs from the reference");
            }
        } finally {
            stop.set(true);
            churn.join();
        }
    }

    /** Direct buffers and heap arrays of random sizes, dropped in batches, with explicit GCs. */
    private static void churn(AtomicBoolean stop) {
        SplittableRandom r = new SplittableRandom(1);
        List<Object> live = new ArrayList<>();
        while (!stop.get()) {
            live.add(ByteBuffer.allocateDirect(16 + r.nextInt(20_000)));
            live.add(new byte[r.nextInt(100_000)]);
            if (live.size() > 50) {
                live.clear();
            }
            if (r.nextInt(200) == 0) {
                System.gc();
            }
        }
    }
}
