package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.tracking.MetricPoint;
import io.mlaops.infra.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLflow UI page of a run, rendered by headless Chromium (Debian's chromium), shows the run's
 * metric; the screenshot is kept in {@code infra/target/mlflow-run.png}.
 */
class MlflowUiScreenshotTest {
    @Test
    void runPageShowsTheMetric(@TempDir Path home) throws Exception {
        TestSupport.requireTool(
                Files.isExecutable(TestSupport.CHROMIUM), "chromium (apt-get install -y chromium)");
        try (TestServices s = TestServices.start(home)) {
            String exp = s.tracker.experimentId("ui-check");
            String run = s.tracker.createRun(exp, "ui-run", Map.of());
            s.tracker.log(
                    run,
                    Map.of("method", "mla"),
                    List.of(new MetricPoint("test_acc_df", 0.8813, 0, 0)),
                    Map.of());
            s.tracker.finish(run, true);
            String url = s.tracker.runUrl(exp, run);
            String dom = TestSupport.chromium(home.resolve("p1"), "1400,900", "--dump-dom", url);
            assertTrue(dom.contains("test_acc_df"), "metric not on the rendered run page");
            Path shot = Path.of("target", "mlflow-run.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            TestSupport.chromium(home.resolve("p2"), "1400,900", "--screenshot=" + shot, url);
            assertTrue(Files.size(shot) > 10_000, "screenshot is empty");
            assertEquals(0x89, Files.readAllBytes(shot)[0] & 0xff, "not a PNG");
        }
    }
}
