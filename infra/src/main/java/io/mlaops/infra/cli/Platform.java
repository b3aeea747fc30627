package io.mlaops.infra.cli;

import io.mlaops.activities.staging.BuiltInDatasets;
import io.mlaops.infra.services.ServiceConfig;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.services.StackState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** How CLI commands reach the services and what this build can stage. */
final class Platform {
    private Platform() {}

    /** @return the configuration from the environment */
    static ServiceConfig config() {
        return ServiceConfig.fromEnv(System.getenv());
    }

    /** @return clients for the configured services or the running {@code dev up} stack */
    static Stack connect() throws IOException {
        ServiceConfig cfg = config();
        return Stack.connect(cfg, StackState.readLive(cfg.home()));
    }

    /** @return a Temporal-only connection (status, cancel) */
    static Stack connectTemporal() throws IOException {
        ServiceConfig cfg = config();
        return Stack.connect(cfg, StackState.readLive(cfg.home()), true);
    }

    /** @return the data set kinds workers of this build can stage */
    static BuiltInDatasets datasets() {
        return new BuiltInDatasets().register("av-digits", s -> {
            checkOptions(s, Set.of());
            return io.mlaops.model.data.digits.AvDigitsBuilder.build(avDigits(s.options()), npmCache(), n -> { });
        }).register("av-digits-3", s -> {
            checkOptions(s, Set.of("text_noise", "missing_text"));
            Map<String, String> o = s.options();
            return io.mlaops.model.data.digits.AvDigits3Builder.build(avDigits(o),
                    Double.parseDouble(o.getOrDefault("text_noise", "" + io.mlaops.model.data.digits.AvDigits3Builder.DEFAULT_CHAR_NOISE)),
                    Double.parseDouble(o.getOrDefault("missing_text", "0")), npmCache(), n -> { });
        }).register("folder", s -> {
            String path = s.options().get("path");
            if (path == null) {
                throw new IllegalArgumentException("data set '" + s.name() + "' of kind folder needs option path");
            }
            return DatasetLocator.load(path);
        });
    }

    private static final Set<String> AV_OPTIONS = Set.of("train", "validation", "test", "image_noise", "image_occlusion",
            "audio_snr", "missing_audio", "seed");

    private static void checkOptions(io.mlaops.activities.staging.DatasetSource s, Set<String> extra) {
        for (String k : s.options().keySet()) {
            if (!AV_OPTIONS.contains(k) && !extra.contains(k)) {
                java.util.TreeSet<String> allowed = new java.util.TreeSet<>(AV_OPTIONS);
                allowed.addAll(extra);
                throw new IllegalArgumentException(s.kind() + " option '" + k + "': expected one of " + allowed);
            }
        }
    }

    private static io.mlaops.model.data.digits.AvDigitsConfig avDigits(Map<String, String> o) {
        io.mlaops.model.data.digits.AvDigitsConfig d = io.mlaops.model.data.digits.AvDigitsConfig.defaults();
        try {
            return new io.mlaops.model.data.digits.AvDigitsConfig(
                    Integer.parseInt(o.getOrDefault("train", "" + d.trainSize())),
                    Integer.parseInt(o.getOrDefault("validation", "" + d.validationSize())),
                    Integer.parseInt(o.getOrDefault("test", "" + d.testSize())),
                    Double.parseDouble(o.getOrDefault("image_noise", "" + d.imageNoise())),
                    Integer.parseInt(o.getOrDefault("image_occlusion", "" + d.imageOcclusion())),
                    Double.parseDouble(o.getOrDefault("audio_snr", "" + d.audioSnrDb())),
                    Double.parseDouble(o.getOrDefault("missing_audio", "" + d.missingAudio())),
                    Long.parseLong(o.getOrDefault("seed", "" + d.seed())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("av-digits option value is not a number: " + e.getMessage());
        }
    }

    private static java.nio.file.Path npmCache() {
        return Runtime.home().resolve("cache").resolve("npm");
    }

    /**
     * @param kind a data set kind
     * @return the system tools that building it here needs (none for synthetic and folder sets)
     */
    static java.util.List<io.mlaops.model.util.SystemTool> requiredTools(String kind) {
        return switch (kind) {
            case "av-digits", "av-digits-3" -> io.mlaops.model.data.digits.AvDigitsBuilder.requiredTools(npmCache());
            default -> java.util.List.of();
        };
    }

    /** @return kind names accepted in sweep specs */
    static Set<String> kinds() {
        return Set.of("synthetic", "folder", "av-digits", "av-digits-3");
    }

    /** @return tags added to every tracked run: the git commit of this checkout, if known */
    static Map<String, String> workerTags() {
        String commit = System.getenv("MLA_GIT_COMMIT");
        if (commit == null || commit.isBlank()) {
            try {
                Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                commit = p.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
            } catch (IOException | InterruptedException e) {
                commit = "unknown";
            }
        }
        return Map.of("mla.git_commit", commit);
    }

    /** @return MLA_HOME's log folder, created */
    static Path logs() throws IOException {
        return Files.createDirectories(config().home().resolve("logs"));
    }
}
