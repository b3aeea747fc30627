package io.mlaops.model.data.files;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlaops.model.data.Standardization;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a data set folder.
 *
 * @param format format name and version ({@code mla-dataset/1})
 * @param name data set name
 * @param version data set version (the builder's or importer's)
 * @param contentHash SHA-256 over the data (not the files)
 * @param modalities name, dimension and kind per modality, in order
 * @param classes class names, index = label
 * @param splits sample count per split
 * @param files SHA-256 per file name ({@code train.npz}, ...)
 * @param build how it was made: tool versions and knobs
 * @param standardization per modality, the training mean and standard deviation of every feature
 *     the stored values were standardised with ({@code x' = (x - mean) / std}); absent (null) when
 *     the data set was not standardised on import, and in manifests written before this field
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetManifest(
        String format,
        String name,
        String version,
        String contentHash,
        List<Modality> modalities,
        List<String> classes,
        Map<String, Integer> splits,
        Map<String, String> files,
        Map<String, String> build,
        @JsonInclude(JsonInclude.Include.NON_NULL)
                Map<String, Standardization.Moments> standardization) {

    /** Format written by this build. */
    public static final String FORMAT = "mla-dataset/1";

    /**
     * @param name modality name
     * @param dimension feature dimension (values per sample)
     * @param kind image, audio, text, tabular, ...
     * @param shape the sample shape ({@code [T, F]} or {@code [C, H, W]}); absent (null) for a
     *     vector, whose shape is {@code [dimension]}, as in every manifest written before shapes
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Modality(
            String name,
            int dimension,
            String kind,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> shape) {
        /** A vector modality. */
        public Modality(String name, int dimension, String kind) {
            this(name, dimension, kind, null);
        }

        /**
         * @return the declared sample shape, {@code [dimension]} when none is written
         */
        public List<Integer> sampleShape() {
            return shape == null ? List.of(dimension) : shape;
        }
    }
}
