package io.mlaops.activities.staging;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data set kinds the staging worker knows: {@code synthetic} (option {@code seed}, default 0)
 * plus any registered by the worker (folders, av-digits, ...).
 */
public final class BuiltInDatasets implements DatasetFactory {
    private final Map<String, DatasetFactory> kinds = new LinkedHashMap<>();

    public BuiltInDatasets() {
        kinds.put("synthetic", s -> {
            long seed;
            try {
                seed = Long.parseLong(s.options().getOrDefault("seed", "0"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("synthetic data set option seed '" + s.options().get("seed")
                        + "' is not an integer");
            }
            return SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(seed));
        });
    }

    /** Registers another kind. */
    public BuiltInDatasets register(String kind, DatasetFactory factory) {
        kinds.put(kind, factory);
        return this;
    }

    @Override
    public MultimodalDataset build(DatasetSource source) throws IOException {
        DatasetFactory f = kinds.get(source.kind());
        if (f == null) {
            throw new IllegalArgumentException("unknown data set kind '" + source.kind() + "': expected one of " + kinds.keySet());
        }
        return f.build(source);
    }
}
