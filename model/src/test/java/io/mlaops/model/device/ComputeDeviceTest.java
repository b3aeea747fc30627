package io.mlaops.model.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class ComputeDeviceTest {
    @Test
    void namesParseAndPrintBack() {
        assertEquals(ComputeDevice.AUTO, ComputeDevice.parse("auto"));
        assertEquals(ComputeDevice.CPU, ComputeDevice.parse(" CPU "));
        assertEquals(new ComputeDevice(ComputeDevice.Kind.CUDA, 0), ComputeDevice.parse("cuda"));
        assertEquals("cuda:3", ComputeDevice.parse("cuda:3").toString());
        for (String bad : new String[] {"gpu", "cuda:", "cuda:-1", "cuda:x", "", "tpu:0"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ComputeDevice.parse(bad));
            assertTrue(e.getMessage().contains("expected auto, cpu or cuda:N"), e.getMessage());
        }
    }

    @Test
    void cpuResolvesToTheCpuAndAMissingGpuIsNamed() {
        assertEquals(Device.cpu(), ComputeDevice.CPU.resolve());
        // the CPU-only engine of the build sees no GPU
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ComputeDevice.parse("cuda:0").resolve());
        assertTrue(e.getMessage().contains("sees 0 CUDA device(s)"), e.getMessage());
    }
}
