package io.mlaops.model.train;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.data.synthetic.SyntheticModality;
import io.mlaops.model.optim.OptimizerSettings;
import io.mlaops.model.recipe.CellSpec;
import java.util.List;
import java.util.Map;

/** Small data sets and cells that train in well under a second (shared by the recipes' tests). */
public final class TestData {
    private TestData() {}

    /**
     * @return two modalities: a (12-d, strong), b (6-d, weak, {@code missingB} of it missing)
     */
    public static MultimodalDataset small(double missingB) {
        return SyntheticDatasetGenerator.generate(
                new SyntheticConfig(
                        4,
                        List.of(
                                new SyntheticModality("a", 12, 3.0, 0.5, 0, 0.0),
                                new SyntheticModality("b", 6, 1.5, 1.0, 1, missingB)),
                        1.0,
                        160,
                        40,
                        60,
                        7));
    }

    /**
     * The data of {@link #small} with shaped modalities: {@code a} a 4 x 4 image of 2 channels ([2,
     * 4, 4], 32 values) and {@code b} a 3 x 4 spectrogram ([3, 4]), {@code missingB} of it missing.
     */
    public static MultimodalDataset shaped(double missingB) {
        MultimodalDataset v =
                SyntheticDatasetGenerator.generate(
                        new SyntheticConfig(
                                4,
                                List.of(
                                        new SyntheticModality("a", 32, 3.0, 0.5, 0, 0.0),
                                        new SyntheticModality("b", 16, 1.5, 1.0, 1, missingB)),
                                1.0,
                                160,
                                40,
                                60,
                                7));
        MultimodalDataset.Builder b =
                MultimodalDataset.builder("shaped")
                        .modality("a", List.of(2, 4, 4), "image")
                        .modality("b", List.of(4, 4), "audio")
                        .classNames(v.classNames());
        for (String s : MultimodalDataset.SPLITS) {
            b.split(s, v.split(s));
        }
        return b.build();
    }

    /**
     * @return {@link #shaped} by name ({@code shaped}), else {@link #small}
     */
    public static MultimodalDataset named(String name) {
        return "shaped".equals(name) ? shaped(0.2) : small(0.2);
    }

    /**
     * @return small trainer settings: 2 epochs, batch 32, hidden 16, d 8, dropout 0.2, Adam 1e-2
     */
    public static TrainerConfig.Builder trainer() {
        return TrainerConfig.builder()
                .epochs(2)
                .batchSize(32)
                .hiddenWidths(List.of(16))
                .featureDim(8)
                .dropout(0.2f)
                .optimizer(OptimizerSettings.adam(1e-2, 1e-3));
    }

    /**
     * @return a cell of the small settings, seed 3
     */
    public static CellSpec cell(String recipe, String variant) {
        return cell(recipe, variant, trainer().build());
    }

    /**
     * @return a cell of {@code trainer}, seed 3
     */
    public static CellSpec cell(String recipe, String variant, TrainerConfig trainer) {
        return new CellSpec("small", recipe, variant, "", 3, trainer, Map.of()).validate();
    }

    /**
     * @return a cell with options, seed 3
     */
    public static CellSpec cell(
            String recipe, String variant, TrainerConfig trainer, Map<String, String> options) {
        return new CellSpec("small", recipe, variant, "", 3, trainer, options).validate();
    }
}
