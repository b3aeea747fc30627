package io.mlaops.model.optim;

/**
 * Step learning-rate schedule (PyTorch's StepLR, stepped once per epoch): {@code lr(epoch) = lr0 *
 * gamma^floor(epoch / stepEpochs)}.
 *
 * @param stepEpochs epochs between decays, at least 1
 * @param gamma decay factor in (0, 1]
 */
public record StepSchedule(int stepEpochs, double gamma) {
    /**
     * @throws IllegalArgumentException for a step < 1 or gamma outside (0, 1]
     */
    public StepSchedule {
        if (stepEpochs < 1) {
            throw new IllegalArgumentException(
                    "lr step " + stepEpochs + ": expected at least 1 epoch");
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("lr gamma " + gamma + ": expected 0 < gamma <= 1");
        }
    }

    /** A schedule that never decays. */
    public static StepSchedule constant() {
        return new StepSchedule(Integer.MAX_VALUE, 1.0);
    }

    /**
     * @param baseLr lr0
     * @param epoch zero-based epoch
     * @return the learning rate of that epoch
     */
    public double learningRate(double baseLr, int epoch) {
        return baseLr * Math.pow(gamma, epoch / stepEpochs);
    }
}
