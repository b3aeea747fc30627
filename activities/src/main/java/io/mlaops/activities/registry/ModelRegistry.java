package io.mlaops.activities.registry;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** The model registry as the activities see it (MLflow's Model Registry in infra). */
public interface ModelRegistry {
    /** The alias of the model version in service. */
    String CHAMPION = "champion";

    /**
     * @return the version behind {@code alias}, with its tags, if any
     */
    Optional<ModelVersionInfo> byAlias(String model, String alias) throws IOException;

    /** Registers a new version of {@code model} from a run; creates the model on first use. */
    String registerVersion(String model, String runId, String source, Map<String, String> tags)
            throws IOException;

    /** Points {@code alias} at {@code version}. */
    void setAlias(String model, String alias, String version) throws IOException;
}
