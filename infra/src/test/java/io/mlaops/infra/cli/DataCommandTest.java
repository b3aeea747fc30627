package io.mlaops.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.files.DatasetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mla data import | describe} through the real command line. */
class DataCommandTest {
    @Test
    void importsACsvWithColumnGroupsAndDescribesIt(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,col1,col2,col3,col4,col5,class\n");
        for (int i = 0; i < 60; i++) {
            int c = i % 3;
            csv.append(i)
                    .append(',')
                    .append(c)
                    .append(',')
                    .append(c * 2 + (i % 5) * 0.1)
                    .append(",1,")
                    .append(i % 7)
                    .append(',')
                    .append(-i)
                    .append(',')
                    .append(new String[] {"circle", "square", "star"}[c])
                    .append('\n');
        }
        Path file = dir.resolve("f.csv");
        Files.writeString(file, csv);
        Path out = dir.resolve("shapes");
        CliRun.Result r =
                CliRun.run(
                        "data",
                        "import",
                        file.toString(),
                        "--name",
                        "shapes",
                        "--out",
                        out.toString(),
                        "--modality",
                        "shape=col1..col3",
                        "--modality",
                        "colour=col4,col5",
                        "--label",
                        "class");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("shape") && r.out().contains("linear-probe"), r.out());
        MultimodalDataset ds = DatasetFiles.read(out);
        assertEquals(List.of("shape", "colour"), ds.modalityNames());
        assertEquals(60, ds.train().size() + ds.validation().size() + ds.test().size());
        r = CliRun.run("data", "describe", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().contains("3 classes")
                        && r.out().contains("circle=")
                        && r.out().contains("missing"),
                r.out());

        r =
                CliRun.run(
                        "data",
                        "import",
                        file.toString(),
                        "--name",
                        "x",
                        "--out",
                        dir.resolve("x").toString(),
                        "--modality",
                        "shape=col1..col9",
                        "--label",
                        "class");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown column 'col9'"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written on error");
    }
}
