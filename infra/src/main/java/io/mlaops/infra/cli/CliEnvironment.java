package io.mlaops.infra.cli;

import java.nio.file.Path;

/**
 * Process-wide settings of the command line: engine properties applied before the engine loads,
 * and the home folder. (Not called {@code Runtime}: that would shadow {@link java.lang.Runtime}.)
 */
final class CliEnvironment {
    private CliEnvironment() {}

    /**
     * Nothing may be downloaded at run time: the PyTorch native library comes from the
     * {@code pytorch-native-cpu} jar on the class path and is extracted to the engine cache
     * ({@code ENGINE_CACHE_DIR}, default {@code ~/.djl.ai}).
     */
    static void prepareEngine() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", "PyTorch");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    }

    /** @return MLA_HOME (default {@code .mla} in the working directory), absolute */
    static Path home() {
        String h = System.getenv("MLA_HOME");
        return Path.of(h == null || h.isBlank() ? ".mla" : h).toAbsolutePath().normalize();
    }
}
