package io.mlaops.model.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Where trainings of a process run, as the {@code --device} flag names it: {@code auto} (the
 * engine's default device: a GPU when the loaded PyTorch sees one, else the CPU; the behaviour
 * before the flag existed), {@code cpu}, or {@code cuda:N} (the N-th GPU the process sees, after
 * {@code CUDA_VISIBLE_DEVICES}). One training per device at a time; one worker process per GPU.
 *
 * @param kind auto, cpu or cuda
 * @param index GPU index for {@code cuda}, 0 otherwise
 */
public record ComputeDevice(Kind kind, int index) {
    /** The three ways to name a device. */
    public enum Kind {
        AUTO,
        CPU,
        CUDA
    }

    /** The engine's default device. */
    public static final ComputeDevice AUTO = new ComputeDevice(Kind.AUTO, 0);

    /** The CPU, even when a GPU is present. */
    public static final ComputeDevice CPU = new ComputeDevice(Kind.CPU, 0);

    /**
     * @throws IllegalArgumentException for a negative index, or an index on auto/cpu
     */
    public ComputeDevice {
        if (index < 0 || (kind != Kind.CUDA && index != 0)) {
            throw new IllegalArgumentException(
                    "device index " + index + " of " + kind + ": expected cuda:N with N >= 0");
        }
    }

    /**
     * @param text {@code auto}, {@code cpu}, {@code cuda} (= {@code cuda:0}) or {@code cuda:N}
     * @return the device
     * @throws IllegalArgumentException naming the text and what is allowed
     */
    public static ComputeDevice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda")) {
            return new ComputeDevice(Kind.CUDA, 0);
        }
        if (t.matches("cuda:\\d{1,3}")) {
            return new ComputeDevice(Kind.CUDA, Integer.parseInt(t.substring(5)));
        }
        throw new IllegalArgumentException(
                "--device '" + text + "': expected auto, cpu or cuda:N (N = 0, 1, ...)");
    }

    /**
     * @return whether this names a GPU
     */
    public boolean isCuda() {
        return kind == Kind.CUDA;
    }

    /**
     * The engine device for this choice; loads the engine if needed.
     *
     * @return DJL's device
     * @throws IllegalArgumentException for {@code cuda:N} when the loaded engine sees N or fewer
     *     GPUs (a CPU-only PyTorch, or {@code CUDA_VISIBLE_DEVICES} hides it)
     */
    public Device resolve() {
        Engine engine = Engine.getEngine("PyTorch");
        return switch (kind) {
            case AUTO -> engine.defaultDevice();
            case CPU -> Device.cpu();
            case CUDA -> {
                int gpus = engine.getGpuCount();
                if (index >= gpus) {
                    String visible = System.getenv("CUDA_VISIBLE_DEVICES");
                    throw new IllegalArgumentException(
                            "--device "
                                    + this
                                    + ": the loaded PyTorch "
                                    + engine.getVersion()
                                    + " sees "
                                    + gpus
                                    + " CUDA device(s)"
                                    + (visible == null
                                            ? ""
                                            : " (CUDA_VISIBLE_DEVICES=" + visible + ")")
                                    + (gpus == 0
                                            ? ": it is a CPU-only build or no GPU is usable; GPU runs go through ./mla after bash bench/install-gpu.sh"
                                            : ": number them from 0 within what CUDA_VISIBLE_DEVICES shows"));
                }
                yield Device.gpu(index);
            }
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case CUDA -> "cuda:" + index;
        };
    }
}
