package io.mlaops.infra.cli;

import io.mlaops.activities.staging.BuiltInDatasets;
import io.mlaops.infra.services.ServiceConfig;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.services.StackState;
import io.mlaops.infra.sweep.SpecContext;
import io.mlaops.model.data.kinds.DatasetContext;
import io.mlaops.model.data.kinds.DatasetKinds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** How CLI commands reach the services and what this build can stage. */
final class Platform {
    private Platform() {}

    /**
     * @return the configuration from the environment
     */
    static ServiceConfig config() {
        return ServiceConfig.fromEnv(System.getenv());
    }

    /**
     * @return clients for the configured services or the running {@code dev up} stack
     */
    static Stack connect() throws IOException {
        ServiceConfig cfg = config();
        return Stack.connect(cfg, StackState.readLive(cfg.home()));
    }

    /**
     * @return a Temporal-only connection (status, cancel)
     */
    static Stack connectTemporal() throws IOException {
        ServiceConfig cfg = config();
        return Stack.connect(cfg, StackState.readLive(cfg.home()), true);
    }

    /**
     * @return the data sets workers of this build can stage: every kind of the registry, home
     *     {@code MLA_HOME}
     */
    static BuiltInDatasets datasets() {
        return new BuiltInDatasets(
                DatasetKinds.builtIn(), DatasetContext.of(CliEnvironment.home()));
    }

    /**
     * @return what specs are checked against: the kinds workers of this build can stage, and the
     *     home
     */
    static SpecContext kinds() {
        return new SpecContext(DatasetKinds.builtIn(), DatasetContext.of(CliEnvironment.home()));
    }

    /**
     * @param kind a data set kind
     * @return the system tools that building it here needs (declared by the kind; none for
     *     synthetic and folder sets)
     */
    static java.util.List<io.mlaops.model.util.SystemTool> requiredTools(String kind) {
        return DatasetKinds.builtIn()
                .get(kind)
                .requiredTools(DatasetContext.of(CliEnvironment.home()));
    }

    /**
     * @return tags added to every tracked run: the git commit of this checkout, if known
     */
    static Map<String, String> workerTags() {
        String commit = System.getenv("MLA_GIT_COMMIT");
        if (commit == null || commit.isBlank()) {
            try {
                Process p =
                        new ProcessBuilder("git", "rev-parse", "HEAD")
                                .redirectErrorStream(true)
                                .start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                commit = p.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
            } catch (IOException | InterruptedException e) {
                commit = "unknown";
            }
        }
        return Map.of("mla.git_commit", commit);
    }

    /**
     * @return MLA_HOME's log folder, created
     */
    static Path logs() throws IOException {
        return io.mlaops.infra.services.PrivateFiles.directory(config().home().resolve("logs"));
    }
}
