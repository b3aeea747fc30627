package io.mlaops.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mlaops.model.nn.NamedParameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies SGD-momentum, Adam or AdamW to one parameter at a time, so a trainer updates exactly the
 * parameters that took part in a step: a parameter that is not passed to {@link #update} keeps its
 * values and its optimizer state bitwise (no momentum or weight-decay drift).
 *
 * <p>The state (momentum buffer; Adam first and second moments and step count, all per parameter)
 * lives in engine arrays owned by the manager given at construction and is part of a checkpoint.
 * The update itself runs in the engine's fused kernels:
 *
 * <ul>
 *   <li>SGD: {@code v <- mu v + lr (g + wd w)}, {@code w <- w - v} (the momentum buffer holds the
 *       learning-rate-scaled velocity; equal to PyTorch's rule while lr is constant);
 *   <li>Adam: {@code g <- g + wd w}, {@code m <- b1 m + (1-b1) g}, {@code v <- b2 v + (1-b2) g^2},
 *       {@code w <- w - lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt(v) + eps)};
 *   <li>AdamW: as Adam without the L2 term, and {@code w <- w - lr wd w} first.
 * </ul>
 *
 * Each update also zeroes the parameter's accumulated gradient.
 */
public final class ParameterOptimizer {
    private final OptimizerSettings settings;
    private final NDManager stateManager;
    private final Map<String, ParameterState> states = new LinkedHashMap<>();

    /**
     * @param settings hyper-parameters
     * @param stateManager long-lived owner of the state arrays
     */
    public ParameterOptimizer(OptimizerSettings settings, NDManager stateManager) {
        this.settings = settings;
        this.stateManager = stateManager;
    }

    /**
     * Updates one parameter in place and zeroes its gradient.
     *
     * @param p the parameter
     * @param grad its (possibly modified) gradient, same shape as the parameter
     * @param lr learning rate of this step
     */
    public void update(NamedParameter p, NDArray grad, double lr) {
        ParameterState s =
                states.computeIfAbsent(
                        p.name(), n -> ParameterState.zeros(stateManager, p.array()));
        s.step++;
        NDArray w = p.array();
        float wd = (float) settings.weightDecay();
        switch (settings.kind()) {
            case SGD ->
                    w.getNDArrayInternal()
                            .sgdUpdate(
                                    new NDList(w, grad, s.first),
                                    new NDList(w),
                                    (float) lr,
                                    wd,
                                    1f,
                                    -1f,
                                    (float) settings.momentum(),
                                    false);
            case ADAM, ADAMW -> {
                double b1 = settings.beta1();
                double b2 = settings.beta2();
                double correction =
                        Math.sqrt(1 - Math.pow(b2, s.step)) / (1 - Math.pow(b1, s.step));
                w.getNDArrayInternal()
                        .adamUpdate(
                                new NDList(w, grad, s.first, s.second),
                                new NDList(w),
                                (float) lr,
                                (float) (lr * correction),
                                wd,
                                1f,
                                -1f,
                                (float) b1,
                                (float) b2,
                                (float) settings.epsilon(),
                                false,
                                settings.kind() == OptimizerKind.ADAMW);
            }
        }
    }

    public OptimizerSettings settings() {
        return settings;
    }

    /**
     * @return state per parameter name (live, for checkpoints)
     */
    public Map<String, ParameterState> states() {
        return states;
    }

    /**
     * Replaces the state of one parameter (checkpoint restore).
     *
     * @param name parameter name
     * @param step updates applied so far
     * @param first momentum buffer or Adam first moment (copied)
     * @param second Adam second moment (copied)
     * @param like the parameter, for the shape
     */
    public void restore(String name, long step, float[] first, float[] second, NDArray like) {
        // new arrays rather than writing into existing ones: set(Buffer) is not memory-safe here
        ParameterState s =
                new ParameterState(
                        stateManager.create(first, like.getShape()),
                        stateManager.create(second, like.getShape()));
        s.step = step;
        states.put(name, s);
    }

    /** Optimizer state of one parameter. */
    public static final class ParameterState {
        long step;
        final NDArray first;
        final NDArray second;

        private ParameterState(NDArray first, NDArray second) {
            this.first = first;
            this.second = second;
        }

        static ParameterState zeros(NDManager m, NDArray like) {
            return new ParameterState(
                    m.zeros(like.getShape(), like.getDataType()),
                    m.zeros(like.getShape(), like.getDataType()));
        }

        public long step() {
            return step;
        }

        public NDArray first() {
            return first;
        }

        public NDArray second() {
            return second;
        }
    }
}
