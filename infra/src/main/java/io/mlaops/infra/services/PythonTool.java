package io.mlaops.infra.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A pinned Python tool behind an embedded service (MLflow, the Temporal CLI), installed with pip
 * into a virtual environment of its own: {@code <venvs>/<key>-<version>}. The pins live in {@code
 * pins.properties} next to this class, which {@code .ci/install-services.sh} reads too. An
 * environment is used only when its marker file holds exactly the pinned requirements, so a changed
 * pin installs a fresh environment and never half-upgrades an old one.
 */
public final class PythonTool {
    /** The marker file inside an installed environment: the requirements it was installed with. */
    public static final String MARKER = ".mla-requirements";

    private final String key;
    private final List<String> requirements;

    private PythonTool(String key, List<String> requirements) {
        this.key = key;
        this.requirements = List.copyOf(requirements);
    }

    /**
     * @param key {@code mlflow} or {@code temporal}
     * @return the pinned tool
     * @throws IllegalStateException if the pins file lacks the key (a build error)
     */
    public static PythonTool pinned(String key) {
        Properties p = new Properties();
        try (InputStream in = PythonTool.class.getResourceAsStream("pins.properties")) {
            if (in == null) {
                throw new IllegalStateException("pins.properties is missing from the build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("pins.properties is unreadable", e);
        }
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("pins.properties has no entry '" + key + "'");
        }
        return new PythonTool(key, Arrays.asList(v.trim().split("\\s+")));
    }

    /**
     * @return the pinned version of the tool itself (the first requirement's)
     */
    public String version() {
        String first = requirements.get(0);
        return first.substring(first.indexOf("==") + 2);
    }

    /**
     * @return what pip installs
     */
    public List<String> requirements() {
        return requirements;
    }

    /**
     * @param env the environment variables ({@code MLA_VENVS})
     * @param home MLA_HOME
     * @return where the virtual environments live: {@code MLA_VENVS}, else {@code <home>/venvs}
     */
    public static Path venvsRoot(Map<String, String> env, Path home) {
        String v = env.get("MLA_VENVS");
        return v == null || v.isBlank()
                ? home.resolve("venvs")
                : Path.of(v.trim()).toAbsolutePath().normalize();
    }

    /**
     * @return this tool's environment under {@code venvs}
     */
    public Path venv(Path venvs) {
        return venvs.resolve(key + "-" + version());
    }

    /**
     * @return whether the pinned requirements are installed under {@code venvs}
     */
    public boolean installed(Path venvs) {
        Path marker = venv(venvs).resolve(MARKER);
        try {
            return Files.isRegularFile(marker)
                    && Files.readString(marker, StandardCharsets.UTF_8)
                            .trim()
                            .equals(String.join(" ", requirements));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Installs the pinned requirements on first use (pip from PyPI, about a minute for MLflow),
     * saying so on {@code progress}.
     *
     * @param venvs where environments live
     * @param logs folder of the install log
     * @param progress where to say what is being installed
     * @return the environment's {@code bin} folder
     * @throws IOException naming the step that failed, its log, and what to install when Python's
     *     venv module is missing
     */
    public Path ensureInstalled(Path venvs, Path logs, PrintStream progress) throws IOException {
        Path venv = venv(venvs);
        Path bin = venv.resolve("bin");
        if (installed(venvs)) {
            return bin;
        }
        PrivateFiles.directory(logs);
        Path log = PrivateFiles.file(logs.resolve(key + "-install.log"));
        String python = System.getenv().getOrDefault("MLA_PYTHON", "python3");
        long t0 = System.nanoTime();
        progress.println(
                "mla: installing "
                        + String.join(" ", requirements)
                        + " into "
                        + venv
                        + " (first use; log "
                        + log
                        + ")");
        Files.createDirectories(venvs);
        run(
                List.of(python, "-m", "venv", "--clear", venv.toString()),
                log,
                "creating a Python virtual environment with " + python,
                "is Python's venv module installed? On Debian: apt-get install -y python3-venv");
        List<String> pip =
                new ArrayList<>(
                        List.of(
                                bin.resolve("pip").toString(),
                                "install",
                                "--disable-pip-version-check",
                                "--progress-bar",
                                "off"));
        pip.addAll(requirements);
        run(
                pip,
                log,
                "pip install " + String.join(" ", requirements),
                "is PyPI reachable? see the log");
        Files.writeString(
                venv.resolve(MARKER),
                String.join(" ", requirements) + "\n",
                StandardCharsets.UTF_8);
        progress.printf(
                Locale.ROOT,
                "mla: installed %s in %.0f s%n",
                requirements.get(0),
                (System.nanoTime() - t0) / 1e9);
        return bin;
    }

    private static void run(List<String> cmd, Path log, String what, String hint)
            throws IOException {
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // pip's cache stays beside the environments, inside the home
        pb.environment()
                .put("PIP_CACHE_DIR", log.getParent().resolveSibling("venvs-pip-cache").toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(what + " failed: " + e.getMessage() + " (" + hint + ")", e);
        }
        try {
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish in 20 minutes: see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    what + " failed (exit " + p.exitValue() + "; " + hint + "): see " + log);
        }
    }
}
