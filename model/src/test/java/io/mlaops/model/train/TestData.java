package io.mlaops.model.train;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.data.synthetic.SyntheticModality;
import io.mlaops.model.optim.OptimizerSettings;
import java.util.List;

/** Small data sets and configs that train in well under a second. */
final class TestData {
    private TestData() {}

    static MultimodalDataset small(double missingB) {
        return SyntheticDatasetGenerator.generate(new SyntheticConfig(4, List.of(
                new SyntheticModality("a", 12, 3.0, 0.5, 0, 0.0),
                new SyntheticModality("b", 6, 1.5, 1.0, 1, missingB)),
                1.0, 160, 40, 60, 7));
    }

    static TrainerConfig.Builder config() {
        return TrainerConfig.builder().epochs(2).batchSize(32).hiddenWidths(List.of(16)).featureDim(8)
                .dropout(0.2f).optimizer(OptimizerSettings.adam(1e-2, 1e-3)).seed(3);
    }
}
