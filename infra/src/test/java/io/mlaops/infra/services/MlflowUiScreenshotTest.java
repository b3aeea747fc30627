package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.tracking.MetricPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLflow UI page of a run, rendered by headless Chromium (Debian's chromium), shows the
 * run's metric; the screenshot is kept in {@code infra/target/mlflow-run.png}.
 */
class MlflowUiScreenshotTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static List<String> chromium(Path profile, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,900", "--virtual-time-budget=20000"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private static String run(List<String> cmd, Path log) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        return new String(out);
    }

    @Test
    void runPageShowsTheMetric(@TempDir Path home) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            Assumptions.assumeFalse(!"true".equals(System.getenv("CI")), "chromium is not installed (apt-get install chromium)");
            throw new AssertionError("chromium is not installed: .ci/install-services.sh installs it");
        }
        try (TestServices s = TestServices.start(home)) {
            String exp = s.tracker.experimentId("ui-check");
            String run = s.tracker.createRun(exp, "ui-run", Map.of());
            s.tracker.log(run, Map.of("method", "mla"), List.of(new MetricPoint("test_acc_df", 0.8813, 0, 0)), Map.of());
            s.tracker.finish(run, true);
            String url = s.tracker.runUrl(exp, run);
            String dom = run(chromium(home.resolve("p1"), "--dump-dom", url), home.resolve("chromium1.log"));
            assertTrue(dom.contains("test_acc_df"), "metric not on the rendered run page");
            Path shot = Path.of("target", "mlflow-run.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            run(chromium(home.resolve("p2"), "--screenshot=" + shot, url), home.resolve("chromium2.log"));
            assertTrue(Files.size(shot) > 10_000, "screenshot is empty");
            assertEquals(0x89, Files.readAllBytes(shot)[0] & 0xff, "not a PNG");
        }
    }
}
