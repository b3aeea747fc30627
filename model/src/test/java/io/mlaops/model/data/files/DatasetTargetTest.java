package io.mlaops.model.data.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.data.synthetic.SyntheticModality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a data set may be written: nothing but a data set is ever replaced, and that only when
 * asked.
 */
class DatasetTargetTest {
    @TempDir Path dir;

    private static MultimodalDataset set(long seed) {
        return SyntheticDatasetGenerator.generate(
                new SyntheticConfig(
                        3,
                        List.of(
                                new SyntheticModality("image", 4, 2.0, 1.0, 0, 0.0),
                                new SyntheticModality("audio", 3, 1.0, 1.0, 1, 0.2)),
                        1.0,
                        30,
                        9,
                        9,
                        seed));
    }

    private List<String> listing(Path p) throws Exception {
        try (var l = Files.list(p)) {
            return l.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anExistingDataSetIsKeptWithoutReplace() throws Exception {
        Path target = dir.resolve("set");
        DatasetFiles.write(set(1), target, "1", Map.of());
        String m =
                assertThrows(
                                DatasetValidationException.class,
                                () -> DatasetFiles.write(set(2), target, "1", Map.of()))
                        .getMessage();
        assertTrue(m.contains("already holds a data set") && m.contains("--force"), m);
        assertEquals(
                DatasetFingerprint.sha256(set(1)),
                DatasetFingerprint.sha256(DatasetFiles.read(target)));
        assertEquals(List.of("set"), listing(dir), "no temporary folder left");
    }

    @Test
    void replaceSwapsInTheNewDataSetAndLeavesNothingElse() throws Exception {
        Path target = dir.resolve("set");
        DatasetFiles.write(set(1), target, "1", Map.of());
        DatasetFiles.write(set(2), target, "1", Map.of(), true);
        assertEquals(
                DatasetFingerprint.sha256(set(2)),
                DatasetFingerprint.sha256(DatasetFiles.read(target)));
        assertEquals(List.of("set"), listing(dir), "no temporary or old folder left");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "notes.txt",
                "manifest.json+notes.txt",
                "sub/",
                // a data set's file name that is a folder of the user's: never walked into
                "manifest.json+train.npz/+train.npz/keep.txt"
            })
    void aFolderThatIsNotADataSetIsNeverReplaced(String content) throws Exception {
        Path target = dir.resolve("mine");
        Files.createDirectories(target);
        for (String f : content.split("\\+")) {
            if (f.endsWith("/")) {
                Files.createDirectories(target.resolve(f));
            } else {
                Files.writeString(target.resolve(f), "user data");
            }
        }
        List<String> before = listing(target);
        for (boolean replace : new boolean[] {false, true}) {
            String m =
                    assertThrows(
                                    DatasetValidationException.class,
                                    () ->
                                            DatasetFiles.write(
                                                    set(1), target, "1", Map.of(), replace))
                            .getMessage();
            assertTrue(m.contains("not a data set") && m.contains("nothing was changed"), m);
        }
        assertEquals(before, listing(target));
        assertEquals(List.of("mine"), listing(dir));
    }

    @Test
    void removingADataSetFolderDeletesOnlyItsOwnFiles() throws Exception {
        Path set = dir.resolve("aside");
        DatasetFiles.write(set(1), set, "1", Map.of());
        Files.writeString(set.resolve("notes.txt"), "user data");
        String m =
                assertThrows(
                                java.io.IOException.class,
                                () -> DatasetTarget.deleteDatasetFolder(set))
                        .getMessage();
        assertTrue(m.contains("not part of a data set"), m);
        assertEquals(List.of("notes.txt"), listing(set));
        Files.delete(set.resolve("notes.txt"));
        DatasetTarget.deleteDatasetFolder(set);
        assertFalse(Files.exists(set));
    }

    @Test
    void anEmptyFolderIsFilled() throws Exception {
        Path target = Files.createDirectories(dir.resolve("empty"));
        DatasetFiles.write(set(1), target, "1", Map.of());
        assertEquals(
                List.of("manifest.json", "test.npz", "train.npz", "validation.npz"),
                listing(target));
    }

    @Test
    void aFileOrAMissingParentIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "keep");
        String m =
                assertThrows(
                                DatasetValidationException.class,
                                () -> DatasetFiles.checkTarget(file, true))
                        .getMessage();
        assertTrue(m.contains("is not a folder"), m);
        Path deep = dir.resolve("no").resolve("such").resolve("set");
        m =
                assertThrows(
                                DatasetValidationException.class,
                                () -> DatasetFiles.write(set(1), deep, "1", Map.of()))
                        .getMessage();
        assertTrue(m.contains("does not exist"), m);
        assertFalse(Files.exists(dir.resolve("no")));
        assertEquals("keep", Files.readString(file));
        assertEquals(List.of("f.txt"), listing(dir));
    }
}
