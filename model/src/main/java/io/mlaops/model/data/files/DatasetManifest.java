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

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Reads and checks a {@code manifest.json}: it must be JSON of this format with every field a
     * data set needs. Only a folder whose manifest passes is treated as a data set (replaced with
     * {@code --force}, read for training).
     *
     * @param file the manifest
     * @return the manifest
     * @throws DatasetValidationException in one line naming the file and what is wrong (the JSON
     *     error's line and column, or the missing field)
     * @throws java.io.IOException if the file cannot be read
     */
    public static DatasetManifest read(java.nio.file.Path file) throws java.io.IOException {
        DatasetManifest m;
        try {
            m = JSON.readValue(file.toFile(), DatasetManifest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new io.mlaops.model.data.DatasetValidationException(
                    file
                            + " is not a valid manifest"
                            + (at == null
                                    ? ""
                                    : " (line "
                                            + at.getLineNr()
                                            + ", column "
                                            + at.getColumnNr()
                                            + ")")
                            + ": "
                            + e.getOriginalMessage()
                                    .lines()
                                    .findFirst()
                                    .orElse("")
                                    // the parser's own pointer into the source: said above
                                    .replaceAll("\\s*\\(?(start marker )?at \\[Source:.*$", "")
                            + "; expected the manifest.json of a data set written by mla");
        }
        if (m == null) {
            throw new io.mlaops.model.data.DatasetValidationException(
                    file + " is empty: expected the manifest.json of a data set written by mla");
        }
        if (!FORMAT.equals(m.format())) {
            throw new io.mlaops.model.data.DatasetValidationException(
                    file + ": format '" + m.format() + "', expected " + FORMAT);
        }
        String missing =
                m.name() == null
                        ? "name"
                        : m.contentHash() == null || !m.contentHash().matches("[0-9a-f]{64}")
                                ? "contentHash (64 hex digits)"
                                : m.modalities() == null
                                                || m.modalities().isEmpty()
                                                || m.modalities().stream()
                                                        .anyMatch(
                                                                x -> x == null || x.name() == null)
                                        ? "modalities"
                                        : m.classes() == null || m.classes().isEmpty()
                                                ? "classes"
                                                : m.splits() == null
                                                        ? "splits"
                                                        : m.files() == null
                                                                ? "files"
                                                                : m.build() == null
                                                                        ? "build"
                                                                        : null;
        if (missing != null) {
            throw new io.mlaops.model.data.DatasetValidationException(
                    file
                            + ": no valid '"
                            + missing
                            + "': expected the manifest.json of a data set written by mla");
        }
        return m;
    }

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
