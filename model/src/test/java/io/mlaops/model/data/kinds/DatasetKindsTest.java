package io.mlaops.model.data.kinds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.files.DatasetFiles;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetKindsTest {
    private static final DatasetKinds KINDS = DatasetKinds.builtIn();

    @Test
    void kindsAreTheKeysAndDeclareTheirOptionsOnce() {
        assertEquals(List.of("synthetic", "folder", "av-digits", "av-digits-3"), KINDS.ids());
        assertEquals(
                List.of("av-digits", "av-digits-3"),
                KINDS.buildable().stream().map(DatasetKind::id).toList());
        // av-digits-3 declares av-digits' options and its text knobs; sweep specs can set all of
        // them
        List<String> av = KINDS.get("av-digits").options().names();
        assertTrue(
                av.containsAll(List.of("image_pca_energy", "audio_noise", "seed")), av.toString());
        assertTrue(KINDS.get("av-digits-3").options().names().containsAll(av));
        assertTrue(
                KINDS.get("av-digits-3")
                        .options()
                        .names()
                        .containsAll(List.of("text_noise", "missing_text")));
    }

    @Test
    void optionsAreCheckedAsTheWorkerWouldWithoutBuilding(@TempDir Path home) {
        DatasetContext ctx = DatasetContext.of(home);
        assertEquals(Map.of("seed", "3"), KINDS.check("synthetic", Map.of("seed", "3"), "d", ctx));
        assertEquals(
                "d.seed 'abc': expected an integer",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> KINDS.check("synthetic", Map.of("seed", "abc"), "d", ctx))
                        .getMessage());
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> KINDS.check("synthetic", Map.of("sed", "1"), "d", ctx))
                        .getMessage()
                        .contains("unknown key 'sed'"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        KINDS.check(
                                                "av-digits",
                                                Map.of("image_pca_energy", "0"),
                                                "d",
                                                ctx))
                        .getMessage()
                        .contains("image PCA energy 0.0"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        KINDS.check(
                                                "av-digits-3",
                                                Map.of("missing_text", "1"),
                                                "d",
                                                ctx))
                        .getMessage()
                        .contains("missing_text 1.0"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> KINDS.check("folder", Map.of(), "d", ctx))
                        .getMessage()
                        .contains("path is missing"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> KINDS.check("folder", Map.of("path", "nope"), "d", ctx))
                        .getMessage()
                        .contains("no data set there"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> KINDS.get("imagenet"))
                        .getMessage()
                        .contains("expected one of [synthetic, folder, av-digits, av-digits-3]"));
    }

    @Test
    void aFolderIsFoundByNameUnderTheHomeAndDeclaresItsModalities(@TempDir Path home)
            throws Exception {
        var ds = SyntheticDatasetGenerator.generate(SyntheticConfig.imbalanced(0));
        DatasetFiles.write(
                ds,
                java.nio.file.Files.createDirectories(home.resolve("datasets")).resolve("mine"),
                Map.of());
        DatasetContext ctx = DatasetContext.of(home);
        Map<String, String> o = KINDS.check("folder", Map.of("path", "mine"), "d", ctx);
        assertEquals(List.of("a", "b"), KINDS.get("folder").check(o, ctx));
        assertEquals(
                DatasetFingerprint.sha256(ds),
                DatasetFingerprint.sha256(KINDS.get("folder").build(o, ctx)));
        assertEquals(List.of("a", "b"), KINDS.get("synthetic").check(Map.of("seed", "0"), ctx));
    }
}
