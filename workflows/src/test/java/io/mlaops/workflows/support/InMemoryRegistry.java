package io.mlaops.workflows.support;

import io.mlaops.activities.registry.ModelRegistry;
import io.mlaops.activities.registry.ModelVersionInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Registry kept in memory for workflow tests (MLflow's registry is tested in infra). */
public final class InMemoryRegistry implements ModelRegistry {
    private final List<ModelVersionInfo> versions = new CopyOnWriteArrayList<>();
    private final Map<String, String> aliases = new HashMap<>();

    @Override
    public synchronized Optional<ModelVersionInfo> byAlias(String model, String alias) {
        String v = aliases.get(model + "@" + alias);
        return versions.stream()
                .filter(x -> x.model().equals(model) && x.version().equals(v))
                .findFirst();
    }

    @Override
    public synchronized String registerVersion(
            String model, String runId, String source, Map<String, String> tags) {
        String v =
                Long.toString(versions.stream().filter(x -> x.model().equals(model)).count() + 1);
        versions.add(new ModelVersionInfo(model, v, runId, tags));
        return v;
    }

    @Override
    public synchronized void setAlias(String model, String alias, String version) {
        aliases.put(model + "@" + alias, version);
    }

    /**
     * @return every registered version
     */
    public List<ModelVersionInfo> versions() {
        return List.copyOf(versions);
    }
}
