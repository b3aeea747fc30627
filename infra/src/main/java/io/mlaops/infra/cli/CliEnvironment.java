package io.mlaops.infra.cli;

import java.nio.file.Path;

/**
 * Process-wide settings of the command line: engine properties applied before the engine loads, and
 * the home folder. (Not called {@code Runtime}: that would shadow {@link java.lang.Runtime}.)
 */
final class CliEnvironment {
    private CliEnvironment() {}

    /**
     * Nothing may be downloaded at run time: the PyTorch native library comes from the {@code
     * pytorch-native-cpu} jar on the class path and is extracted to the engine cache ({@code
     * ENGINE_CACHE_DIR}, default {@code ~/.djl.ai}).
     */
    static void prepareEngine() {
        System.setProperty("ai.djl.offline", "true");
        // the engine's native library is extracted inside the home, not into ~/.djl.ai, unless the
        // user says where
        if (isBlank(System.getenv("ENGINE_CACHE_DIR"))
                && isBlank(System.getenv("DJL_CACHE_DIR"))
                && System.getProperty("ENGINE_CACHE_DIR") == null) {
            System.setProperty(
                    "ENGINE_CACHE_DIR", home().resolve("cache").resolve("djl").toString());
            System.setProperty("DJL_CACHE_DIR", home().resolve("cache").resolve("djl").toString());
        }
        System.setProperty("ai.djl.default_engine", "PyTorch");
        System.setProperty(
                "org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * @return MLA_HOME (default {@code .mla} in the working directory), absolute
     */
    static Path home() {
        String h = System.getenv("MLA_HOME");
        return Path.of(h == null || h.isBlank() ? ".mla" : h).toAbsolutePath().normalize();
    }
}
