package io.mlaops.model.hgm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mlaops.model.nn.NamedParameter;
import io.mlaops.model.train.GradientHook;
import io.mlaops.model.train.StepGradients;
import java.util.Map;

/**
 * HGM as a gradient hook of an alternating step: absorbs the batch mean {@code h} of the active
 * modality's features into {@code P}, then replaces the head weight's gradient by {@code grad_W P};
 * the bias gradient and the encoder's are left as they are.
 */
public final class HgmHook implements GradientHook {
    /** Checkpoint name of the projection matrix. */
    public static final String STATE = "hgm.projection";

    private final HeadGradientModifier hgm;

    /**
     * @param hgm the modifier (owns P)
     */
    public HgmHook(HeadGradientModifier hgm) {
        this.hgm = hgm;
    }

    @Override
    public void apply(StepGradients step) {
        String m = step.modalities().get(0);
        // outside the gradient collector no graph is recorded, so the mean needs no detach
        NDArray h = step.features(m).mean(new int[] {0}, true);
        hgm.absorb(h, hgm.alpha(step.context().batch(), step.context().batches()));
        NamedParameter w = step.context().network().head().weight();
        NDArray g = step.gradient(w);
        NDArray projected = hgm.project(g);
        step.set(w, projected);
        step.context().diagnose("hgm_removed_" + m, removedShare(g, projected));
    }

    /**
     * HGM's projection strength in one step: {@code ||G - G P||_F / ||G||_F}, the share of the head
     * weight gradient's norm that the projection removes (NaN when {@code G = 0}: not recorded).
     */
    static double removedShare(NDArray g, NDArray projected) {
        // few engine calls (each costs microseconds on a small model): two norms and a difference
        double all = g.norm().getFloat();
        if (all == 0) {
            return Double.NaN;
        }
        return g.sub(projected).norm().getFloat() / all;
    }

    /**
     * @return the modifier (tests set P)
     */
    public HeadGradientModifier modifier() {
        return hgm;
    }

    @Override
    public Map<String, NDArray> state() {
        return Map.of(STATE, hgm.projection());
    }

    @Override
    public boolean restore(String name, float[] values, NDManager owner) {
        if (!STATE.equals(name)) {
            return false;
        }
        long size = hgm.projection().getShape().size();
        if (values.length != size) {
            throw new io.mlaops.model.train.CheckpointException(
                    "HGM matrix has " + values.length + " values, expected " + size);
        }
        hgm.setProjection(values, owner);
        return true;
    }
}
