package io.mlaops.infra.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.device.ComputeDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineDevicesTest {
    private static final ComputeDevice CUDA0 = ComputeDevice.parse("cuda:0");

    @Test
    void cudaWithoutTheCudaBuildNamesTheInstaller() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> EngineDevices.open(CUDA0, Map.of()));
        assertTrue(
                e.getMessage().contains("PYTORCH_LIBRARY_PATH is not set")
                        && e.getMessage().contains("bench/install-gpu.sh"),
                e.getMessage());
    }

    @Test
    void aLibraryFolderWithoutCudaIsNamed(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("libtorch.so"));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                EngineDevices.open(
                                        CUDA0, Map.of("PYTORCH_LIBRARY_PATH", dir.toString())));
        assertTrue(e.getMessage().contains(dir + " holds no libtorch_cuda.so"), e.getMessage());
    }

    @Test
    void cpuNeedsNothing() {
        assertEquals(ai.djl.Device.cpu(), EngineDevices.open(ComputeDevice.CPU, Map.of()));
    }

    @Test
    void theRootCauseIsOneLine() {
        Exception e =
                new RuntimeException(
                        "outer",
                        new UnsatisfiedLinkError(
                                "libcaffe2_nvrtc.so: libcuda.so.1: cannot open\n shared object"));
        assertEquals(
                "libcaffe2_nvrtc.so: libcuda.so.1: cannot open shared object",
                EngineDevices.rootCause(e));
    }
}
