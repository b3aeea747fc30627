package io.mlaops.activities.cells;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.mlaops.model.cell.EngineIdentity;

/** Answers with the engine of this worker's training device. */
public final class EngineActivitiesImpl implements EngineActivities {
    private final Device device;

    /**
     * @param device the worker's training device; null: the engine's default device
     */
    public EngineActivitiesImpl(Device device) {
        this.device = device;
    }

    @Override
    public EngineIdentity trainingEngine() {
        return EngineIdentity.of(
                device != null ? device : Engine.getEngine("PyTorch").defaultDevice());
    }
}
