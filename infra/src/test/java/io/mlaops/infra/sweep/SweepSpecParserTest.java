package io.mlaops.infra.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.workflows.sweep.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepSpecParserTest {
    private static final Set<String> KINDS = Set.of("synthetic", "folder");
    private static final String VALID = """
            name: demo
            datasets: [{name: synthetic, kind: synthetic, options: {seed: 1}}]
            methods: [mla, joint, unimodal]
            hgm: [off, paper]
            seeds: 3
            trainer: {epochs: 5, lr: 0.01}
            evaluation: {missing_fractions: [0.5]}
            """;

    private static String error(String yaml) {
        return assertThrows(SweepSpecParser.SpecException.class, () -> SweepSpecParser.parse(yaml, KINDS)).getMessage();
    }

    @Test
    void validSpecParsesWithDefaultsFilledIn() {
        SweepSpec s = SweepSpecParser.parse(VALID, KINDS);
        assertEquals(List.of("off", "paper"), s.hgmVariants());
        assertEquals(List.of(0L, 1L, 2L), s.seeds());
        assertEquals("5", s.trainer().get("epochs"));
        assertEquals("0.01", s.trainer().get("lr"));
        assertEquals("64", s.trainer().get("batch_size"));
        assertEquals(2, s.maxParallel());
        assertEquals("1", s.datasets().get(0).options().get("seed"));
    }

    @Test
    void sameSpecSameSweepIdAndAChangeGivesAnother() {
        String a = SweepSpecParser.sweepId(SweepSpecParser.parse(VALID, KINDS));
        assertEquals(a, SweepSpecParser.sweepId(SweepSpecParser.parse(VALID, KINDS)));
        assertNotEquals(a, SweepSpecParser.sweepId(SweepSpecParser.parse(VALID.replace("epochs: 5", "epochs: 6"), KINDS)));
        assertTrue(a.startsWith("sweep-demo-"));
    }

    @Test
    void unknownKeysAreNamed() {
        assertTrue(error(VALID + "colour: red\n").contains("spec: unknown key 'colour'"));
        assertTrue(error(VALID.replace("lr: 0.01", "learning_rate: 0.01")).contains("trainer: unknown key 'learning_rate'"));
        assertTrue(error(VALID.replace("options: {seed: 1}", "opts: {seed: 1}")).contains("datasets[0]: unknown key 'opts'"));
        assertTrue(error(VALID.replace("evaluation: {missing", "evaluation: {dff: sample, missing")).contains("evaluation: unknown key 'dff'"));
    }

    @Test
    void badValuesAreNamed() {
        assertTrue(error(VALID.replace("[mla, joint, unimodal]", "[mla, late]")).contains("unknown method 'late'"));
        assertTrue(error(VALID.replace("[off, paper]", "[off, sometimes]")).contains("unknown HGM variant 'sometimes'"));
        assertTrue(error(VALID.replace("epochs: 5", "epochs: 0")).contains("trainer: epochs 0"));
        assertTrue(error(VALID.replace("lr: 0.01", "lr: -1")).contains("lr -1.0"));
        assertTrue(error(VALID.replace("kind: synthetic", "kind: imagenet")).contains("kind 'imagenet'"));
        assertTrue(error(VALID.replace("seeds: 3", "seeds: [0, 0]")).contains("listed twice"));
        assertTrue(error(VALID.replace("[0.5]", "[1.5]")).contains("outside 0..1"));
        assertTrue(error(VALID + "max_parallel: 0\n").contains("max_parallel"));
        assertTrue(error(VALID.replace("trainer: {", "trainer: {seed: 3, ")).contains("set per cell"));
        assertTrue(error("name: [x").contains("not valid YAML"));
    }

    @Test
    void emptyGridIsRejected() {
        assertTrue(error(VALID.replace("[mla, joint, unimodal]", "[]")).contains("the grid is empty"));
        assertTrue(error(VALID.replace("seeds: 3", "seeds: []")).contains("the grid is empty"));
        assertTrue(error(VALID.replace("seeds: 3", "seeds: 0")).contains("seeds: 0"));
    }

    @Test
    void shippedSpecIsValid() throws Exception {
        SweepSpec s = SweepSpecParser.parse(Files.readString(Path.of("..", "sweeps", "ablation.yaml")), KINDS);
        assertEquals("ablation", s.name());
    }
}
