package io.mlaops.infra.cli;

import io.mlaops.infra.device.EngineDevices;
import io.mlaops.model.device.ComputeDevice;
import picocli.CommandLine.Option;

/** {@code --device auto|cpu|cuda:N}, shared by train, bench and worker. */
final class DeviceOption {
    @Option(
            names = "--device",
            defaultValue = "${env:MLA_DEVICE:-auto}",
            description =
                    "auto (the engine's default: a GPU when the loaded PyTorch sees one, else the CPU), cpu, or cuda:N "
                            + "(needs 'bash bench/install-gpu.sh' and the NVIDIA driver; run through ./mla). Default: ${DEFAULT-VALUE}")
    String device;

    /**
     * @return the parsed choice
     */
    ComputeDevice choice() {
        return ComputeDevice.parse(device);
    }

    /**
     * @return the engine device, the engine loaded
     */
    ai.djl.Device open() {
        return EngineDevices.open(choice());
    }
}
