package io.mlaops.activities.staging;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.kinds.DatasetContext;
import io.mlaops.model.data.kinds.DatasetKind;
import io.mlaops.model.data.kinds.DatasetKinds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The staging worker's data sets: every kind of a {@link DatasetKinds} registry, built with the
 * same option checks a spec gets when it is read.
 */
public final class BuiltInDatasets implements DatasetFactory {
    private final DatasetKinds kinds;
    private final DatasetContext context;

    /**
     * @param kinds the registry
     * @param context home folder (named data sets, package caches)
     */
    public BuiltInDatasets(DatasetKinds kinds, DatasetContext context) {
        this.kinds = kinds;
        this.context = context;
    }

    /** The built-in kinds with {@code .mla} in the working directory as home (tests). */
    public BuiltInDatasets() {
        this(DatasetKinds.builtIn(), DatasetContext.of(Path.of(".mla").toAbsolutePath()));
    }

    /**
     * @return a factory that also knows a fixed data set under {@code kind} (tests)
     */
    public BuiltInDatasets register(
            String kind,
            List<String> modalities,
            java.util.function.Supplier<MultimodalDataset> data) {
        return new BuiltInDatasets(kinds.with(DatasetKind.fixed(kind, modalities, data)), context);
    }

    /**
     * @return the registry
     */
    public DatasetKinds kinds() {
        return kinds;
    }

    @Override
    public java.util.Optional<String> recipe(DatasetSource source) throws IOException {
        DatasetKind k = kinds.get(source.kind());
        return k.recipe(
                kinds.check(
                        source.kind(),
                        source.options(),
                        "data set '" + source.name() + "' options",
                        context),
                context);
    }

    @Override
    public MultimodalDataset build(DatasetSource source) throws IOException {
        DatasetKind k = kinds.get(source.kind());
        return k.build(
                kinds.check(
                        source.kind(),
                        source.options(),
                        "data set '" + source.name() + "' options",
                        context),
                context);
    }
}
