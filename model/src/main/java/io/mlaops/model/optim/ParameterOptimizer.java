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
 * <p>The state (momentum buffer; Adam first and second moments and step count; the learning rate of
 * the parameter's last update, all per parameter) lives in engine arrays owned by the manager given
 * at construction and is part of a checkpoint. The update follows {@code torch.optim}'s documented
 * formulas (PyTorch 2.7, {@code foreach=False}, no dampening, no Nesterov, no AMSGrad), computed by
 * the engine's fused kernels with their inputs chosen so that the formula is the same:
 *
 * <ul>
 *   <li>SGD: {@code d = g + wd w}, {@code b <- mu b + d} ({@code b = d} at the first step), {@code
 *       w <- w - lr b}. The kernel keeps {@code v = lr b} ({@code v <- mu v + lr d}, {@code w <- w
 *       - v}); when the rate changes from {@code lr'} to {@code lr} (StepLR), {@code v} is first
 *       rescaled by {@code lr / lr'}, which keeps {@code v = lr b} exactly as PyTorch's rule needs.
 *   <li>Adam: {@code g <- g + wd w}, {@code m <- b1 m + (1-b1) g}, {@code v <- b2 v + (1-b2) g^2},
 *       {@code w <- w - lr/(1-b1^t) m / (sqrt(v)/sqrt(1-b2^t) + eps)}: epsilon is added after the
 *       bias correction. The kernel computes {@code w - c m / (sqrt(v) + e)}; it is given {@code c
 *       = lr sqrt(1-b2^t)/(1-b1^t)} and {@code e = eps sqrt(1-b2^t)}, the same expression
 *       multiplied out. (Before, it was given {@code e = eps}: epsilon then acted as {@code eps /
 *       sqrt(1-b2^t)}, up to 31.6 times larger at the first step.)
 *   <li>AdamW: {@code w <- w (1 - lr wd)} first, then Adam without the L2 term.
 * </ul>
 *
 * The results equal PyTorch's to float rounding (the operations run in another order), not bitwise.
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
            case SGD -> {
                if (s.learningRate != 0 && s.learningRate != lr && settings.momentum() != 0) {
                    // the kernel's buffer is lr' b: PyTorch's next step needs lr b (the scalar is a
                    // step temporary, in the gradient's manager)
                    s.first.muli(grad.getManager().create((float) (lr / s.learningRate)));
                }
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
            }
            case ADAM, ADAMW -> {
                double b1 = settings.beta1();
                double b2 = settings.beta2();
                double root2 = Math.sqrt(1 - Math.pow(b2, s.step));
                double correction = root2 / (1 - Math.pow(b1, s.step));
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
                                (float) (settings.epsilon() * root2),
                                false,
                                settings.kind() == OptimizerKind.ADAMW);
            }
        }
        s.learningRate = lr;
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
     * @param learningRate the learning rate of the parameter's last update (0: none yet)
     * @param like the parameter, for the shape
     */
    public void restore(
            String name,
            long step,
            float[] first,
            float[] second,
            double learningRate,
            NDArray like) {
        // new arrays rather than writing into existing ones: set(Buffer) is not memory-safe here
        ParameterState s =
                new ParameterState(
                        stateManager.create(first, like.getShape()),
                        stateManager.create(second, like.getShape()));
        s.step = step;
        s.learningRate = learningRate;
        states.put(name, s);
    }

    /** Optimizer state of one parameter. */
    public static final class ParameterState {
        long step;
        double learningRate;
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

        /**
         * @return the learning rate of the last update (0 before the first)
         */
        public double learningRate() {
            return learningRate;
        }

        public NDArray first() {
            return first;
        }

        public NDArray second() {
            return second;
        }
    }
}
