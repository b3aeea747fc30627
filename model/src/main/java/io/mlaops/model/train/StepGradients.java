package io.mlaops.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mlaops.model.nn.NamedParameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step's gradients on their way from backward to the optimizer, with what a {@link
 * GradientHook} may read: the position (epoch, batch), the modalities of the step with their
 * features and logits (detached), the labels, and, for recipes with several losses, each loss's
 * gradient of a parameter ("components"). Every array lives in the step manager.
 */
public final class StepGradients {
    private final StepContext context;
    private final NDManager manager;
    private final int[] labels;
    private final Map<String, NDArray> features = new LinkedHashMap<>();
    private final Map<String, NDArray> logits = new LinkedHashMap<>();
    private final Map<String, boolean[]> present = new LinkedHashMap<>();
    private final LinkedHashMap<String, NamedParameter> parameters = new LinkedHashMap<>();
    private final Map<String, NDArray> gradients = new LinkedHashMap<>();
    private final Map<String, Map<String, NDArray>> components = new LinkedHashMap<>();

    StepGradients(StepContext context, NDManager manager, int[] labels) {
        this.context = context;
        this.manager = manager;
        this.labels = labels.clone();
    }

    /**
     * Adds a modality of this step.
     *
     * @param m modality
     * @param feats its encoder outputs (rows, d), detached
     * @param z its logits (rows, C), detached
     * @param presence per row of {@link #labels()}, whether the modality is present
     * @return this
     */
    public StepGradients modality(String m, NDArray feats, NDArray z, boolean[] presence) {
        features.put(m, feats);
        logits.put(m, z);
        present.put(m, presence.clone());
        return this;
    }

    /**
     * Takes each parameter's accumulated gradient as the gradient to apply.
     *
     * @param ps parameters that took part in the step
     * @return this
     */
    public StepGradients collect(List<NamedParameter> ps) {
        for (NamedParameter p : ps) {
            NDArray g = p.array().getGradient();
            g.attach(manager);
            put(p, g);
        }
        return this;
    }

    /** Sets the gradient of {@code p} (adding {@code p} to the step if it was not in it). */
    public void put(NamedParameter p, NDArray gradient) {
        parameters.put(p.name(), p);
        gradients.put(p.name(), gradient);
    }

    /**
     * Records one loss's gradient of a parameter (recipes with several losses).
     *
     * @param loss the loss's name (e.g. {@code fused})
     * @param p the parameter
     * @param gradient its gradient of that loss, step-scoped
     */
    public void component(String loss, NamedParameter p, NDArray gradient) {
        components.computeIfAbsent(loss, k -> new LinkedHashMap<>()).put(p.name(), gradient);
    }

    /**
     * @return one loss's gradient of {@code p}, or null if that loss does not reach it
     */
    public NDArray component(String loss, NamedParameter p) {
        Map<String, NDArray> c = components.get(loss);
        return c == null ? null : c.get(p.name());
    }

    /**
     * @return the parameters of this step, in update order
     */
    public List<NamedParameter> parameters() {
        return List.copyOf(parameters.values());
    }

    /**
     * @return the parameters of one group ({@code head}, {@code encoder.<m>}, ...) in this step
     */
    public List<NamedParameter> parameters(String group) {
        List<NamedParameter> out = new ArrayList<>();
        for (NamedParameter p : parameters.values()) {
            if (p.group().equals(group)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * @return the gradient that will be applied to {@code p}
     */
    public NDArray gradient(NamedParameter p) {
        NDArray g = gradients.get(p.name());
        if (g == null) {
            throw new IllegalArgumentException(
                    "parameter " + p.name() + " is not part of this step");
        }
        return g;
    }

    /** Replaces the gradient applied to {@code p}, which must be part of the step. */
    public void set(NamedParameter p, NDArray gradient) {
        gradient(p);
        gradients.put(p.name(), gradient);
    }

    /**
     * @return the step's modalities with their features, in step order
     */
    public List<String> modalities() {
        return List.copyOf(features.keySet());
    }

    /**
     * @return encoder outputs of {@code m} in this step
     */
    public NDArray features(String m) {
        return features.get(m);
    }

    /**
     * @return logits of {@code m} in this step (the recipe's readout)
     */
    public NDArray logits(String m) {
        return logits.get(m);
    }

    /**
     * @return per row of {@link #labels()}, whether {@code m} is present
     */
    public boolean[] present(String m) {
        return present.get(m).clone();
    }

    /**
     * @return labels of the step's rows
     */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * @return the step manager: temporaries a hook creates belong here
     */
    public NDManager manager() {
        return manager;
    }

    /**
     * @return the step's context (position, seed, settings)
     */
    public StepContext context() {
        return context;
    }

    Map<String, NDArray> gradientsByName() {
        return Collections.unmodifiableMap(gradients);
    }

    Map<String, NamedParameter> parametersByName() {
        return Collections.unmodifiableMap(parameters);
    }
}
