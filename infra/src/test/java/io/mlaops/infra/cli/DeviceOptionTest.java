package io.mlaops.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device} through the command line and the {@code ./mla} launcher, on a machine without a
 * GPU: a bad name and every missing piece of the CUDA path is one line and exit 2; cpu trains; the
 * parity check passes cpu against cpu.
 */
class DeviceOptionTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void aBadDeviceIsOneLineAndExit2() {
        CliRun.Result r = CliRun.run("train", "--device", "gpu", "--epochs", "1");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--device 'gpu': expected auto, cpu or cuda:N"), r.err());
    }

    @Test
    void cudaWithoutTheCudaBuildIsExit2BeforeAnythingStarts(@TempDir Path dir) {
        CliRun.Result r =
                CliRun.run(
                        "train",
                        "--device",
                        "cuda:0",
                        "--epochs",
                        "1",
                        "--save",
                        dir.resolve("m.ckpt").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("bench/install-gpu.sh"), r.err());
        assertTrue(
                r.out().isEmpty() && !Files.exists(dir.resolve("m.ckpt")),
                "nothing trained or written");
    }

    @Test
    void cpuTrainsAndSaysWhere() {
        CliRun.Result r = CliRun.run("train", "--device", "cpu", "--epochs", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("device cpu()"), r.out());
    }

    @Test
    void parityOfCpuAgainstCpuIsExact() {
        CliRun.Result r =
                CliRun.run("bench", "parity", "--device", "cpu", "--epochs", "1", "--threads", "1");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(
                r.out().contains("max relative difference of per-epoch training losses 0.00e+00 "),
                r.out());
        assertTrue(
                r.out().contains("max parameter difference 0.00e+00")
                        && r.out().contains("bitwise equal parameters")
                        && r.out().contains("parity: PASS"),
                r.out());
    }

    private static Process launcher(Map<String, String> env, String... args) throws Exception {
        List<String> cmd =
                new java.util.ArrayList<>(List.of("bash", ROOT.resolve("mla").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("LD_LIBRARY_PATH");
        pb.environment().remove("MLA_TORCH_VENV");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void theLauncherNamesAMissingVenv(@TempDir Path home) throws Exception {
        Process p = launcher(Map.of("MLA_HOME", home.toString()), "train", "--device", "cuda:0");
        String out = finish(p);
        assertEquals(2, p.exitValue(), out);
        assertEquals(1, out.strip().lines().count(), out);
        assertTrue(
                out.contains(
                                "needs PyTorch's CUDA build, not found in "
                                        + home.resolve("torch-cuda"))
                        && out.contains("bench/install-gpu.sh"),
                out);
    }

    @Test
    void theLauncherNamesAMissingDriver(@TempDir Path home) throws Exception {
        boolean driver =
                java.util.stream.Stream.of(
                                "/usr/lib/x86_64-linux-gnu",
                                "/usr/lib64",
                                "/usr/lib",
                                "/usr/local/nvidia/lib64")
                        .anyMatch(d -> Files.exists(Path.of(d, "libcuda.so.1")));
        org.junit.jupiter.api.Assumptions.assumeFalse(driver, "this machine has an NVIDIA driver");
        Path lib =
                Files.createDirectories(
                        home.resolve("torch-cuda/lib/python3.12/site-packages/torch/lib"));
        Files.createFile(
                lib.resolve(
                        "libtorch_cuda.so")); // a venv as install-gpu.sh leaves it, as far as the
        // launcher looks
        Process p =
                launcher(
                        Map.of("MLA_HOME", home.toString(), "MLA_DEVICE", "cuda:1"),
                        "worker",
                        "--queues",
                        "gpu");
        String out = finish(p);
        assertEquals(2, p.exitValue(), out);
        assertEquals(1, out.strip().lines().count(), out);
        assertTrue(
                out.contains(
                        "--device cuda:1: no NVIDIA driver on this machine (libcuda.so.1 not found"),
                out);
    }
}
