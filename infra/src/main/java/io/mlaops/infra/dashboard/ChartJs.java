package io.mlaops.infra.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The chart library of the comparison page: Chart.js from the npm registry ({@code npm pack}, once,
 * cached under {@code $MLA_HOME/cache/npm}); nothing is fetched when the page is served.
 */
public final class ChartJs {
    /** The pinned package. */
    public static final String PACKAGE = "chart.js@4.4.9";

    private ChartJs() {}

    /**
     * @return the path of {@code chart.umd.js}, obtaining the package on first use
     */
    public static Path umd(Path cache) throws IOException {
        Path dir = cache.resolve("chart.js-4.4.9");
        Path umd = dir.resolve("package").resolve("dist").resolve("chart.umd.js");
        if (Files.isRegularFile(umd)) {
            return umd;
        }
        Files.createDirectories(dir);
        Path tgz = cache.resolve("chart.js-4.4.9.tgz");
        if (!Files.isRegularFile(tgz)) {
            run(cache, "npm", "pack", "--silent", PACKAGE);
        }
        run(dir, "tar", "-xzf", tgz.toString(), "package/dist/chart.umd.js");
        return umd;
    }

    private static void run(Path dir, String... cmd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(
                    cmd[0]
                            + " is not installed (needed once to obtain "
                            + PACKAGE
                            + "): apt-get install -y "
                            + cmd[0],
                    e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
