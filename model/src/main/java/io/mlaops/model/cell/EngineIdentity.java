package io.mlaops.model.cell;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Objects;

/**
 * The engine a cell is trained with, as far as it decides the trained bits: Deep Java Library's
 * version, the PyTorch version DJL loaded, and the kind of device ({@code cpu} or {@code cuda}).
 * Part of a cell's content id: a model trained on a GPU is not the bitwise result a CPU would give
 * (they sum in other orders), nor is one trained by another PyTorch.
 *
 * @param djl DJL version, e.g. {@code 0.36.0}
 * @param pytorch PyTorch version, e.g. {@code 2.7.1}
 * @param device {@code cpu} or {@code cuda}
 */
public record EngineIdentity(String djl, String pytorch, String device) {
    /**
     * @throws IllegalArgumentException for a blank part or a device kind other than cpu or cuda
     */
    public EngineIdentity {
        Objects.requireNonNull(djl, "djl");
        Objects.requireNonNull(pytorch, "pytorch");
        Objects.requireNonNull(device, "device");
        if (djl.isBlank() || pytorch.isBlank()) {
            throw new IllegalArgumentException("engine versions must not be blank");
        }
        if (!device.equals("cpu") && !device.equals("cuda")) {
            throw new IllegalArgumentException(
                    "engine device kind '" + device + "': expected cpu or cuda");
        }
    }

    /**
     * The engine of this process for trainings on {@code device} (loads PyTorch if needed).
     *
     * @param device where trainings run
     * @return its identity
     */
    public static EngineIdentity of(Device device) {
        return new EngineIdentity(
                Engine.getDjlVersion(),
                Engine.getEngine("PyTorch").getVersion(),
                kind(device.getDeviceType()));
    }

    /**
     * @param deviceType DJL's device type or a device as printed ({@code cpu()}, {@code gpu(0)})
     * @return {@code cpu} or {@code cuda}
     */
    public static String kind(String deviceType) {
        return deviceType.toLowerCase(java.util.Locale.ROOT).startsWith("gpu")
                        || deviceType.toLowerCase(java.util.Locale.ROOT).startsWith("cuda")
                ? "cuda"
                : "cpu";
    }

    @Override
    public String toString() {
        return device + " (DJL " + djl + ", PyTorch " + pytorch + ")";
    }
}
