package io.mlaops.infra.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.infra.TestSupport;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.workflows.sweep.RecipeChoice;
import io.mlaops.workflows.sweep.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SweepSpecParserTest {
    private static final SpecContext KINDS = TestSupport.specs(Path.of("target", "no-home"));
    private static final String VALID =
            """
            name: demo
            datasets: [{name: synthetic, kind: synthetic, options: {seed: 1}}]
            methods: [mla, joint, unimodal]
            hgm: [off, paper]
            seeds: 3
            trainer: {epochs: 5, lr: 0.01}
            evaluation: {missing_fractions: [0.5]}
            """;

    private static String error(String yaml) {
        return assertThrows(SpecException.class, () -> SweepSpecParser.parse(yaml, KINDS))
                .getMessage();
    }

    @Test
    void validSpecParsesWithDefaultsFilledIn() {
        SweepSpec s = SweepSpecParser.parse(VALID, KINDS);
        assertEquals(
                List.of(
                        new RecipeChoice("mla", List.of("off", "paper")),
                        new RecipeChoice("joint", List.of("")),
                        new RecipeChoice("unimodal", List.of(""))),
                s.recipes());
        assertEquals(List.of(0L, 1L, 2L), s.seeds());
        assertEquals(5, s.trainer().epochs());
        assertEquals(0.01, s.trainer().optimizer().learningRate());
        assertEquals(64, s.trainer().batchSize());
        assertEquals(2, s.maxParallel());
        assertEquals("1", s.datasets().get(0).options().get("seed"));
        // 3 seeds x (2 MLA + joint + 2 unimodal)
        List<CellSpec> cells = s.cells(Map.of("synthetic", List.of("a", "b")));
        assertEquals(15, cells.size());
        assertEquals("synthetic.mla.off.s0", cells.get(0).key());
        assertEquals("synthetic.unimodal.b.s2", cells.get(14).key());
    }

    @Test
    void sweepsAndTheCommandLineShareOneSetOfTrainerDefaults() {
        SweepSpec s =
                SweepSpecParser.parse(VALID.replace("trainer: {epochs: 5, lr: 0.01}\n", ""), KINDS);
        assertEquals(TrainerConfig.defaults(), s.trainer());
        assertEquals(70, s.trainer().optimizer().schedule().stepEpochs());
    }

    @Test
    void sameSpecSameSweepIdAndAChangeGivesAnother() {
        String a = SweepSpecParser.sweepId(SweepSpecParser.parse(VALID, KINDS));
        assertEquals(a, SweepSpecParser.sweepId(SweepSpecParser.parse(VALID, KINDS)));
        assertNotEquals(
                a,
                SweepSpecParser.sweepId(
                        SweepSpecParser.parse(VALID.replace("epochs: 5", "epochs: 6"), KINDS)));
        assertTrue(a.startsWith("sweep-demo-"));
    }

    @Test
    void variantsOfEveryMethodAndOptionsOfAnyMethod() {
        SweepSpec s =
                SweepSpecParser.parse(
                        VALID.replace("hgm: [off, paper]", "variants: {mla: [code]}")
                                .replace("lr: 0.01", "lr: 0.01, hgm_alpha: 0.5"),
                        KINDS);
        assertEquals(List.of("code"), s.recipes().get(0).variants());
        assertEquals(Map.of("hgm_alpha", "0.5"), s.options());
        CellSpec mla = s.cells(Map.of("synthetic", List.of("a", "b"))).get(0);
        assertEquals("0.5", mla.options().get("hgm_alpha"));
    }

    /** Every bad input of a sweep spec, with the words its one-line error must contain. */
    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of(VALID + "colour: red\n", "unknown key 'colour'"),
                Arguments.of(
                        VALID.replace("lr: 0.01", "learning_rate: 0.01"),
                        "trainer: unknown key 'learning_rate'"),
                Arguments.of(
                        VALID.replace("options: {seed: 1}", "opts: {seed: 1}"),
                        "datasets[0]: unknown key 'opts'"),
                Arguments.of(
                        VALID.replace("evaluation: {missing", "evaluation: {dff: sample, missing"),
                        "evaluation: unknown key 'dff'"),
                Arguments.of(
                        VALID.replace("[mla, joint, unimodal]", "[mla, late]"),
                        "unknown method 'late'"),
                Arguments.of(
                        VALID.replace("[mla, joint, unimodal]", "[mla, unimodal, ensemble]"),
                        "methods: ensemble trains nothing of its own and sweeps do not evaluate it"
                                + " yet"),
                Arguments.of(
                        VALID.replace("[off, paper]", "[off, sometimes]"),
                        "unknown HGM variant 'sometimes'"),
                Arguments.of(VALID.replace("epochs: 5", "epochs: 0"), "trainer.epochs 0"),
                Arguments.of(VALID.replace("lr: 0.01", "lr: -1"), "lr -1.0"),
                Arguments.of(VALID.replace("kind: synthetic", "kind: imagenet"), "kind 'imagenet'"),
                Arguments.of(VALID.replace("seeds: 3", "seeds: [0, 0]"), "listed twice"),
                Arguments.of(VALID.replace("[0.5]", "[1.5]"), "outside 0..1"),
                Arguments.of(VALID + "max_parallel: 0\n", "max_parallel"),
                Arguments.of(VALID.replace("trainer: {", "trainer: {seed: 3, "), "set per cell"),
                // issue 12: a value of the wrong type names its key and what is expected
                Arguments.of(
                        VALID.replace("epochs: 5", "epochs: one"),
                        "trainer.epochs 'one': expected an integer"),
                Arguments.of(
                        VALID.replace("lr: 0.01", "lr: 0.01, hgm_alpha: x"),
                        "trainer.hgm_alpha 'x': expected a number"),
                Arguments.of(
                        VALID.replace("lr: 0.01", "lr: 0.01, hgm_alpha: 0"),
                        "hgm_alpha 0.0: expected > 0"),
                // data set options are checked as the staging worker checks them
                Arguments.of(
                        VALID.replace("seed: 1", "seed: abc"),
                        "datasets[0].options.seed 'abc': expected an integer"),
                Arguments.of(
                        VALID.replace("seed: 1", "sed: 1"),
                        "datasets[0].options: unknown key 'sed', expected one of [seed]"),
                Arguments.of(
                        VALID.replace(
                                "{name: synthetic, kind: synthetic, options: {seed: 1}}",
                                "{name: mine, kind: folder}"),
                        "datasets[0].options: path is missing"),
                Arguments.of(
                        VALID.replace(
                                "{name: synthetic, kind: synthetic, options: {seed: 1}}",
                                "{name: mine, kind: folder, options: {path: /no/such/set}}"),
                        "no data set there"),
                Arguments.of(
                        VALID.replace(
                                "{name: synthetic, kind: synthetic, options: {seed: 1}}",
                                "{name: av, kind: av-digits, options: {image_pca_energy: 2}}"),
                        "image PCA energy 2.0"),
                Arguments.of(
                        VALID.replace(
                                "{name: synthetic, kind: synthetic, options: {seed: 1}}",
                                "{name: av, kind: av-digits, options: {audio_noise: pink}}"),
                        "audio_noise 'pink': expected one of white, babble"),
                // evaluation and modality order are checked against each data set's modalities
                Arguments.of(
                        VALID.replace(
                                "evaluation: {", "evaluation: {fusion_weights: [0.2, 0.3, 0.5], "),
                        "3 weights, but data set 'synthetic' has 2 modalities [a, b]"),
                Arguments.of(
                        VALID.replace("lr: 0.01", "lr: 0.01, modality_order: [b, c]"),
                        "modality_order names 'c'"),
                Arguments.of(
                        VALID.replace("lr: 0.01", "lr: 0.01, modality_order: [b]"),
                        "leaves out [a]"),
                Arguments.of(
                        VALID.replace("hgm: [off, paper]", "variants: {joint: [x]}"),
                        "method joint has no variants"),
                Arguments.of(
                        VALID.replace("[mla, joint, unimodal]", "[joint]"),
                        "hgm: method mla is not in methods"),
                Arguments.of("name: [x", "spec is not valid YAML at line 1"),
                Arguments.of(
                        "name: demo\ndatasets: [{name: synthetic\nseeds: 3\n",
                        "spec is not valid YAML at line"));
    }

    @ParameterizedTest
    @MethodSource("badSpecs")
    void badValuesAreNamedBeforeAnythingStarts(String yaml, String expected) {
        String message = error(yaml);
        assertTrue(message.contains(expected), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }

    @Test
    void errorsNameTheLine() {
        String message = error(VALID.replace("epochs: 5", "epochs: one"));
        assertTrue(message.endsWith("(spec line 6)"), message);
        message = error(VALID.replace("seed: 1", "seed: abc"));
        assertTrue(message.endsWith("(spec line 2)"), message);
    }

    @Test
    void aFolderIsCheckedWhereTheWorkerLooksForIt(@TempDir Path home) throws Exception {
        Path set = Files.createDirectories(home.resolve("datasets")).resolve("mine");
        io.mlaops.model.data.files.DatasetFiles.write(
                io.mlaops.model.data.synthetic.SyntheticDatasetGenerator.generate(
                        io.mlaops.model.data.synthetic.SyntheticConfig.imbalanced(0)),
                set,
                Map.of());
        String yaml =
                VALID.replace(
                        "{name: synthetic, kind: synthetic, options: {seed: 1}}",
                        "{name: mine, kind: folder, options: {path: mine}}");
        SweepSpec s = SweepSpecParser.parse(yaml, TestSupport.specs(home));
        assertEquals("mine", s.datasets().get(0).options().get("path"));
        String message =
                assertThrows(
                                SpecException.class,
                                () ->
                                        SweepSpecParser.parse(
                                                yaml.replace(
                                                        "hgm: [off, paper]",
                                                        "hgm: [off]\nevaluation2: x"),
                                                TestSupport.specs(home)))
                        .getMessage();
        assertTrue(message.contains("unknown key 'evaluation2'"), message);
    }

    @Test
    void emptyGridIsRejected() {
        assertTrue(
                error(
                                VALID.replace("[mla, joint, unimodal]", "[]")
                                        .replace("hgm: [off, paper]\n", ""))
                        .contains("the grid is empty"));
        assertTrue(error(VALID.replace("seeds: 3", "seeds: []")).contains("the grid is empty"));
        assertTrue(error(VALID.replace("seeds: 3", "seeds: 0")).contains("seeds: 0"));
    }

    @Test
    void shippedSpecsAreValid() throws Exception {
        try (var files = Files.list(Path.of("..", "sweeps"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                SweepSpec s = SweepSpecParser.parse(Files.readString(p), KINDS);
                assertTrue(
                        p.getFileName().toString().startsWith(s.name()) || !s.name().isEmpty(),
                        p.toString());
            }
        }
    }
}
