package io.mlaops.model.data.kinds;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.files.DatasetFiles;
import io.mlaops.model.data.files.DatasetManifest;
import io.mlaops.model.options.OptionSet;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A data set folder ({@code manifest.json} and one {@code .npz} per split), by path or by name
 * under {@code $MLA_HOME/datasets}. The check reads the manifest; the build reads and verifies
 * every file.
 */
final class FolderKind implements DatasetKind {
    private static final OptionSet OPTIONS =
            OptionSet.of(
                    new OptionSpec(
                            "path",
                            OptionType.STRING,
                            null,
                            "a data set folder, or the name of one under $MLA_HOME/datasets",
                            List.of(),
                            Double.NEGATIVE_INFINITY,
                            Double.POSITIVE_INFINITY));

    @Override
    public String id() {
        return "folder";
    }

    @Override
    public String summary() {
        return "a data set folder with manifest.json (built or imported)";
    }

    @Override
    public OptionSet options() {
        return OPTIONS;
    }

    /**
     * @param nameOrPath a folder or a name
     * @param ctx home
     * @return the folder holding {@code manifest.json}
     * @throws DatasetValidationException naming where it looked
     */
    static Path locate(String nameOrPath, DatasetContext ctx) {
        if (nameOrPath.isBlank()) {
            throw new DatasetValidationException(
                    "path is empty: expected a data set folder or the name of one under "
                            + ctx.datasets());
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isDirectory(p)) {
            p = ctx.datasets().resolve(nameOrPath);
        }
        if (!Files.isRegularFile(p.resolve("manifest.json"))) {
            throw new DatasetValidationException(
                    "path '"
                            + nameOrPath
                            + "': no data set there (looked for "
                            + p.resolve("manifest.json")
                            + "): expected a data set folder, or a name built with 'mla data build' or 'mla data import'");
        }
        return p.toAbsolutePath().normalize();
    }

    @Override
    public List<String> check(Map<String, String> options, DatasetContext ctx) {
        Path dir = locate(options.get("path"), ctx);
        try {
            DatasetManifest m =
                    new ObjectMapper()
                            .readValue(
                                    dir.resolve("manifest.json").toFile(), DatasetManifest.class);
            if (m.modalities() == null || m.modalities().isEmpty()) {
                throw new DatasetValidationException(
                        dir.resolve("manifest.json") + " lists no modalities");
            }
            return m.modalities().stream().map(DatasetManifest.Modality::name).toList();
        } catch (IOException e) {
            throw new DatasetValidationException(
                    dir.resolve("manifest.json") + " is not a valid manifest: " + e.getMessage());
        }
    }

    @Override
    public MultimodalDataset build(Map<String, String> options, DatasetContext ctx)
            throws IOException {
        return DatasetFiles.read(locate(options.get("path"), ctx));
    }
}
