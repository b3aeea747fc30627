package io.mlaops.infra.cli;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a data set by folder path or by name under {@code $MLA_HOME/datasets}. */
final class DatasetLocator {
    private DatasetLocator() {}

    static MultimodalDataset load(String nameOrPath) throws IOException {
        Path p = Path.of(nameOrPath);
        if (!Files.isDirectory(p)) {
            p = CliEnvironment.home().resolve("datasets").resolve(nameOrPath);
        }
        if (!Files.isRegularFile(p.resolve("manifest.json"))) {
            throw new DatasetValidationException(
                    "--dataset '"
                            + nameOrPath
                            + "': no data set there (looked for "
                            + p.resolve("manifest.json")
                            + "): expected 'synthetic', a data set folder, or a name built with 'mla data build'");
        }
        return io.mlaops.model.data.files.DatasetFiles.read(p);
    }
}
