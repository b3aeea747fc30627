package io.mlaops.model.optim;

import java.util.Objects;

/**
 * Hyper-parameters of the update rule.
 *
 * @param kind SGD, Adam or AdamW
 * @param learningRate base learning rate, > 0
 * @param momentum SGD momentum in [0, 1)
 * @param weightDecay >= 0
 * @param beta1 Adam beta1 in [0, 1)
 * @param beta2 Adam beta2 in [0, 1)
 * @param epsilon Adam epsilon, > 0
 * @param schedule per-epoch learning-rate schedule
 */
public record OptimizerSettings(
        OptimizerKind kind,
        double learningRate,
        double momentum,
        double weightDecay,
        double beta1,
        double beta2,
        double epsilon,
        StepSchedule schedule) {

    /**
     * @throws IllegalArgumentException naming the first value out of range
     */
    public OptimizerSettings {
        Objects.requireNonNull(kind, "optimizer kind");
        Objects.requireNonNull(schedule, "schedule");
        check(
                learningRate > 0 && Double.isFinite(learningRate),
                "lr",
                learningRate,
                "a finite value > 0");
        check(momentum >= 0 && momentum < 1, "momentum", momentum, "0 <= momentum < 1");
        check(
                weightDecay >= 0 && Double.isFinite(weightDecay),
                "weight decay",
                weightDecay,
                ">= 0");
        check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "0 <= beta1 < 1");
        check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "0 <= beta2 < 1");
        check(epsilon > 0, "epsilon", epsilon, "> 0");
    }

    private static void check(boolean ok, String what, double v, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(what + " " + v + ": expected " + expected);
        }
    }

    /** Adam with the usual betas. */
    public static OptimizerSettings adam(double lr, double weightDecay) {
        return new OptimizerSettings(
                OptimizerKind.ADAM,
                lr,
                0.9,
                weightDecay,
                0.9,
                0.999,
                1e-8,
                StepSchedule.constant());
    }
}
