package io.mlaops.model.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.fusion.FusionMode;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Recipes;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.model.util.Decimals;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that used to pass or fail obscurely: numbers Java reads but nobody writes, a range that
 * the message left out, widths that overflow, weights that score nothing, a window that never
 * opens.
 */
class ValueBoundsTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {"0x1p3", "1.5f", "2d", "NaN", "Infinity", " 1", "1 ", "1,5", "", "e5", "."})
    void onlyPlainDecimalsAreNumbers(String s) {
        assertFalse(Decimals.isDecimal(s), s);
        assertThrows(NumberFormatException.class, () -> Decimals.parse(s));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1", "-1.5", "+2", ".5", "5.", "3e-4", "1E10"})
    void plainDecimalsAre(String s) {
        assertEquals(Double.parseDouble(s), Decimals.parse(s));
    }

    @Test
    void aNumberOutsideItsRangeOrNotANumberNamesTheRange() {
        OptionSpec alpha = Recipes.get("ogm").options().find("ogm_alpha");
        String out =
                assertThrows(IllegalArgumentException.class, () -> alpha.normalise("5000", ""))
                        .getMessage();
        assertTrue(out.contains("5000") && out.contains("0.0..1000.0"), out);
        String bad =
                assertThrows(IllegalArgumentException.class, () -> alpha.normalise("abc", ""))
                        .getMessage();
        assertTrue(bad.contains("'abc'") && bad.contains("0.0..1000.0"), bad); // was: "a number"
        assertThrows(IllegalArgumentException.class, () -> alpha.normalise("0x1p3", ""));
    }

    @Test
    void hiddenWidthsAreBoundedBeforeTheyOverflow() {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("hidden", "2000000000");
        String m =
                assertThrows(IllegalArgumentException.class, () -> TrainerConfig.fromParams(p, ""))
                        .getMessage();
        assertTrue(m.contains("hidden width 2000000000") && m.contains("1..65536"), m);
        p.put("hidden", "8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8");
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> TrainerConfig.fromParams(p, ""))
                        .getMessage()
                        .contains("at most 16"));
    }

    @Test
    void allZeroFusionWeightsAreRefused() {
        String m =
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        new EvaluationConfig(
                                                new double[] {0, 0}, FusionMode.DYNAMIC, 64))
                        .getMessage();
        assertTrue(m.contains("all 0"), m);
        new EvaluationConfig(new double[] {0, 1}, FusionMode.DYNAMIC, 64); // one is enough
    }

    @Test
    void anOgmWindowThatMissesEveryEpochIsRefused() {
        TrainerConfig twenty = TrainerConfig.fromParams(Map.of("epochs", "20"), "");
        String m =
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        CellSpec.of(
                                                "d",
                                                "ogm",
                                                "ge",
                                                "",
                                                0,
                                                twenty,
                                                Map.of("ogm_start", "20", "ogm_end", "50")))
                        .getMessage();
        assertTrue(m.contains("ogm_start 20") && m.contains("never run"), m);
        CellSpec.of("d", "ogm", "ge", "", 0, twenty, Map.of("ogm_start", "19"));
    }
}
