package io.mlaops.model.hgm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Head Gradient Modification: a projection {@code P} (d x d, symmetric, shared by all modalities,
 * never reset) updated by recursive least squares from the head's inputs, and applied to the head
 * weight's gradient so that an update learnt from one modality does not undo what earlier
 * modalities taught the head.
 *
 * <p>At every modality step, with {@code h} the batch mean of that modality's features (d):
 *
 * <pre>
 *   k = P h
 *   P <- P - k k^T / (alpha + h^T k)
 *   grad_W <- grad_W P          (grad_W: C x d)
 * </pre>
 *
 * The bias gradient is left as it is. Everything runs on the engine; the per-step cost is O(d^2)
 * for the update plus one C x d x d product.
 *
 * <p>Temporaries are created with a step-scoped array as first operand so that they land in the
 * caller's per-step manager and not in the long-lived manager that owns {@code P}.
 */
public final class HeadGradientModifier {
    private final HgmVariant variant;
    private final double alpha;
    private NDArray projection;

    /**
     * @param variant PAPER or CODE ({@link HgmVariant#OFF} is rejected: use no modifier at all)
     * @param alpha regulariser of the paper variant, > 0
     * @param dim feature size d
     * @param owner long-lived manager that owns {@code P}
     * @throws IllegalArgumentException for OFF, a non-positive alpha or dim
     */
    public HeadGradientModifier(HgmVariant variant, double alpha, int dim, NDManager owner) {
        if (variant == HgmVariant.OFF) {
            throw new IllegalArgumentException("HGM variant OFF has no modifier");
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("HGM alpha " + alpha + ": expected > 0");
        }
        if (dim < 1) {
            throw new IllegalArgumentException("HGM dimension " + dim + ": expected >= 1");
        }
        this.variant = variant;
        this.alpha = alpha;
        this.projection = owner.eye(dim);
    }

    /**
     * The code variant's schedule {@code alpha = 0.1^(1 + batch / batchesPerEpoch)}; the paper
     * variant's fixed alpha otherwise.
     *
     * @param batchIndex zero-based batch index within the epoch
     * @param batchesPerEpoch batches per epoch, >= 1
     * @return alpha of this step
     */
    public double alpha(int batchIndex, int batchesPerEpoch) {
        if (variant == HgmVariant.CODE) {
            return Math.pow(0.1, 1.0 + (double) batchIndex / Math.max(1, batchesPerEpoch));
        }
        return alpha;
    }

    /**
     * Absorbs a feature vector: {@code P <- P - k k^T / (alpha + h^T k)} with {@code k = P h}, then
     * (code variant) {@code P <- P / ||P||_F}.
     *
     * @param h feature vector of shape (d) or (1, d), detached from the graph, step-scoped
     * @param stepAlpha alpha of this step (> 0)
     */
    public void absorb(NDArray h, double stepAlpha) {
        long d = projection.getShape().get(0);
        NDArray row = h.getShape().dimension() == 2 ? h : h.reshape(new Shape(1, d));
        // P is symmetric, so k^T = h^T P: computing it this way keeps k in h's (step) manager
        NDArray kT = row.matMul(projection);
        NDArray denominator = row.matMul(kT.transpose()).add(stepAlpha);
        NDArray outer = kT.transpose().matMul(kT).div(denominator);
        projection.subi(outer);
        if (variant == HgmVariant.CODE) {
            NDArray squares = projection.square();
            squares.attach(outer.getManager()); // keep the temporary out of P's manager
            projection.divi(squares.sum().sqrt());
        }
    }

    /**
     * @param weightGradient gradient of the head weight (C x d), step-scoped
     * @return {@code grad_W P}, a new array in {@code weightGradient}'s manager
     */
    public NDArray project(NDArray weightGradient) {
        return weightGradient.matMul(projection);
    }

    public HgmVariant variant() {
        return variant;
    }

    /**
     * @return the live projection matrix P (owned by this modifier)
     */
    public NDArray projection() {
        return projection;
    }

    /**
     * Replaces P (tests set it to zero; checkpoints restore it).
     *
     * @param values d x d values, row-major
     * @param owner manager that will own the new array
     */
    public void setProjection(float[] values, NDManager owner) {
        Shape shape = projection.getShape();
        NDArray next = owner.create(values, shape);
        projection.close();
        projection = next;
    }
}
