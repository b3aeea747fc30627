package io.mlaops.infra.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.mlaops.model.device.ComputeDevice;
import java.util.Map;

/**
 * Opens the engine for a {@code --device} choice and turns what can go wrong with a GPU into one
 * line naming what is missing. The CUDA build of PyTorch is not on the class path: the {@code
 * ./mla} launcher points DJL at the one that {@code bench/install-gpu.sh} put in a venv by setting
 * {@code PYTORCH_LIBRARY_PATH} (its {@code torch/lib}), {@code PYTORCH_VERSION} (the wheel's),
 * {@code PYTORCH_FLAVOR=cu128} (the JNI library that DJL's {@code pytorch-jni} jar carries for CUDA
 * 12) and {@code LD_LIBRARY_PATH} (the wheel's {@code nvidia/*}/lib folders); the launcher also
 * checks for the venv and the driver's {@code libcuda.so.1} before the JVM starts.
 */
public final class EngineDevices {
    private EngineDevices() {}

    /**
     * @param device the choice
     * @return the engine device to train on
     * @throws IllegalArgumentException naming what is missing for a CUDA device (exit 2 in the CLI)
     */
    public static Device open(ComputeDevice device) {
        return open(device, System.getenv());
    }

    static Device open(ComputeDevice device, Map<String, String> env) {
        if (!device.isCuda()) {
            return device.resolve();
        }
        String lib = env.get("PYTORCH_LIBRARY_PATH");
        if (lib == null || lib.isBlank()) {
            throw new IllegalArgumentException(
                    "--device "
                            + device
                            + " needs PyTorch's CUDA build, but PYTORCH_LIBRARY_PATH is not set: "
                            + "install it with 'bash bench/install-gpu.sh' and start through ./mla, which sets PYTORCH_LIBRARY_PATH, "
                            + "PYTORCH_VERSION, PYTORCH_FLAVOR and LD_LIBRARY_PATH");
        }
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(lib, "libtorch_cuda.so"))) {
            throw new IllegalArgumentException(
                    "--device "
                            + device
                            + ": PYTORCH_LIBRARY_PATH="
                            + lib
                            + " holds no libtorch_cuda.so (not a CUDA build of PyTorch): run 'bash bench/install-gpu.sh'");
        }
        try {
            Engine.getEngine("PyTorch");
        } catch (
                Throwable
                        e) { // UnsatisfiedLinkError and EngineException alike: say why in one line
            throw new IllegalArgumentException(
                    "--device "
                            + device
                            + ": PyTorch from "
                            + lib
                            + " did not load: "
                            + rootCause(e),
                    e);
        }
        return device.resolve();
    }

    /**
     * @return the innermost cause's message, on one line
     */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
