package io.mlaops.model.data.kinds;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.data.synthetic.SyntheticModality;
import io.mlaops.model.options.OptionSet;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import java.util.List;
import java.util.Map;

/** The built-in imbalanced task ({@link SyntheticConfig#imbalanced}), generated from a seed. */
final class SyntheticKind implements DatasetKind {
    private static final OptionSet OPTIONS =
            OptionSet.of(OptionSpec.of("seed", OptionType.LONG, 0, "Generator seed"));

    @Override
    public String id() {
        return "synthetic";
    }

    @Override
    public String summary() {
        return "the built-in imbalanced task (modality a dominant, b weak but complementary)";
    }

    @Override
    public OptionSet options() {
        return OPTIONS;
    }

    @Override
    public List<String> check(Map<String, String> options, DatasetContext ctx) {
        return SyntheticConfig.imbalanced(0).modalities().stream()
                .map(SyntheticModality::name)
                .toList();
    }

    /** Bump when the generator's output changes for the same options. */
    static final int GENERATOR_VERSION = 1;

    @Override
    public java.util.Optional<String> recipe(Map<String, String> options, DatasetContext ctx) {
        return java.util.Optional.of(
                "synthetic generator "
                        + GENERATOR_VERSION
                        + "; options "
                        + new java.util.TreeMap<>(options));
    }

    @Override
    public MultimodalDataset build(Map<String, String> options, DatasetContext ctx) {
        return SyntheticDatasetGenerator.generate(
                SyntheticConfig.imbalanced(OptionSet.longValue(options, "seed")));
    }
}
