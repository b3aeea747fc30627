package io.mlaops.model.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.Recipes;
import io.mlaops.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void everyRecipeDeclaresAValidSpacePerVariant() {
        for (Recipe r : Recipes.all()) {
            for (String v : r.variants().isEmpty() ? List.of("") : r.variants()) {
                SearchSpace s = SearchSpace.of(r, v);
                List<String> names = new ArrayList<>(s.byName().keySet());
                if (r.combines().isPresent()) {
                    assertTrue(names.isEmpty(), "the ensemble trains nothing to tune");
                } else {
                    assertTrue(
                            names.containsAll(List.of("lr", "weight_decay", "dropout")),
                            names.toString());
                }
            }
        }
        assertTrue(SearchSpace.of(Recipes.get("mla"), "paper").byName().containsKey("hgm_alpha"));
        assertTrue(!SearchSpace.of(Recipes.get("mla"), "off").byName().containsKey("hgm_alpha"));
        assertTrue(
                SearchSpace.of(Recipes.get("ogm"), "ge")
                        .byName()
                        .keySet()
                        .containsAll(List.of("ogm_alpha", "ogm_end")));
        assertTrue(
                SearchSpace.of(Recipes.get("mmpareto"), "").byName().containsKey("pareto_scale"));
    }

    @Test
    void aBadSpaceIsOneClearError() {
        Recipe mla = Recipes.get("mla");
        assertTrue(
                error(
                                () ->
                                        SearchSpace.of(
                                                mla,
                                                "paper",
                                                List.of(
                                                        Dimension.real(
                                                                "ogm_alpha", 0.1, 1, Scale.LOG))))
                        .contains(
                                "ogm_alpha is neither a trainer setting nor an option of method mla"));
        assertTrue(
                error(
                                () ->
                                        SearchSpace.of(
                                                Recipes.get("ogm"),
                                                "ge",
                                                List.of(
                                                        Dimension.real(
                                                                "ogm_end", 1, 9, Scale.LINEAR))))
                        .contains("a double range does not fit it"));
        assertTrue(
                error(() -> Dimension.real("lr", 0, 0.1, Scale.LOG))
                        .contains("a log range needs low > 0"));
        assertTrue(error(() -> Dimension.real("lr", 0.1, 0.01, Scale.LOG)).contains("low < high"));
        assertTrue(error(() -> Dimension.choice("lr", List.of(0.1, 0.1))).contains("repeat"));
        assertTrue(
                error(
                                () ->
                                        SearchSpace.of(
                                                mla,
                                                "paper",
                                                List.of(
                                                        Dimension.real(
                                                                "dropout", 0, 1.5, Scale.LINEAR))))
                        .contains("dropout value 1.5"));
        assertTrue(
                error(
                                () ->
                                        SearchSpace.of(
                                                mla,
                                                "paper",
                                                List.of(
                                                        Dimension.choice(
                                                                "optimizer",
                                                                List.of("adam", "lion")))))
                        .contains("optimizer value lion"));
        assertTrue(
                error(
                                () ->
                                        SearchSpace.of(
                                                mla,
                                                "paper",
                                                List.of(
                                                        Dimension.real(
                                                                "hgm_alpha", 1e-3, 1, Scale.LOG),
                                                        Dimension.real(
                                                                "hgm_alpha", 1e-3, 1, Scale.LOG))))
                        .contains("declared twice"));
    }

    @Test
    void aSpaceIsReadFromASpecWithTheKeyInEveryError() {
        Recipe ogm = Recipes.get("ogm");
        SearchSpace s =
                SearchSpace.parse(
                        ogm,
                        "ge",
                        Map.of(
                                "lr", Map.of("range", List.of(1e-4, 1e-2), "scale", "log"),
                                "ogm_end",
                                        Map.of("type", "int", "range", List.of(5, 50), "grid", 4),
                                "weight_decay", Map.of("values", List.of(0, 1e-4))),
                        "tune.space.ogm");
        assertEquals(Scale.LOG, s.byName().get("lr").scale());
        assertEquals(List.of("5", "20", "35", "50"), s.byName().get("ogm_end").points());
        assertTrue(
                error(
                                () ->
                                        SearchSpace.parse(
                                                ogm,
                                                "ge",
                                                Map.of("lr", Map.of("range", List.of(1e-4))),
                                                "tune.space.ogm"))
                        .startsWith("tune.space.ogm.lr: range: expected [low, high]"));
        assertTrue(
                error(
                                () ->
                                        SearchSpace.parse(
                                                ogm,
                                                "ge",
                                                Map.of(
                                                        "lr",
                                                        Map.of(
                                                                "range",
                                                                List.of(1e-4, 1e-2),
                                                                "scale",
                                                                "exp")),
                                                "t"))
                        .contains("unknown scale 'exp': expected linear or log"));
        assertTrue(
                error(
                                () ->
                                        SearchSpace.parse(
                                                ogm,
                                                "ge",
                                                Map.of("lr", Map.of("rang", List.of(1, 2))),
                                                "t"))
                        .contains("unknown key [rang]"));
        assertTrue(
                error(
                                () ->
                                        SearchSpace.parse(
                                                ogm,
                                                "ge",
                                                Map.of("lr", Map.of("range", List.of("a", 2))),
                                                "t"))
                        .contains("'a' is not a number"));
        assertTrue(
                error(
                                () ->
                                        SearchSpace.parse(
                                                ogm,
                                                "ge",
                                                Map.of("colour", Map.of("values", List.of(1))),
                                                "t"))
                        .startsWith("t: search space of ogm ge: colour is neither"));
    }

    @Test
    void randomSamplingIsSeededCounterBasedAndWithinTheRanges() {
        SearchSpace s = SearchSpace.of(Recipes.get("ogm"), "ge");
        List<Trial> ten = new RandomSampler(7).trials(s, 200);
        assertEquals(ten, new RandomSampler(7).trials(s, 200));
        assertEquals(
                ten.subList(0, 5),
                new RandomSampler(7).trials(s, 5),
                "trials do not depend on the count");
        assertTrue(!ten.equals(new RandomSampler(8).trials(s, 200)));
        int belowGeometricMean = 0;
        for (Trial t : ten) {
            double lr = Double.parseDouble(t.settings().get("lr"));
            assertTrue(lr >= 1e-4 && lr <= 1e-2, "lr " + lr);
            // three significant digits: the text is its own canonical form
            assertEquals(
                    t.settings().get("lr"),
                    Double.toString(
                            new java.math.BigDecimal(lr)
                                    .round(new java.math.MathContext(3))
                                    .doubleValue()));
            belowGeometricMean += lr < 1e-3 ? 1 : 0;
            double d = Double.parseDouble(t.settings().get("dropout"));
            assertTrue(d >= 0 && d <= 0.5);
            assertTrue(
                    List.of("0.0", "1.0E-5", "1.0E-4", "0.001")
                            .contains(t.settings().get("weight_decay")),
                    t.settings().get("weight_decay"));
            assertTrue(List.of("5", "10", "20", "50").contains(t.settings().get("ogm_end")));
        }
        // log scale: about half the draws below the geometric mean of the ends
        assertTrue(belowGeometricMean > 70 && belowGeometricMean < 130, "" + belowGeometricMean);
    }

    @Test
    void integerRangesCoverBothEnds() {
        Dimension d = Dimension.integer("ogm_end", 2, 4, Scale.LINEAR);
        assertEquals("2", d.at(0));
        assertEquals("3", d.at(0.5));
        assertEquals("4", d.at(0.9999));
        Dimension l = Dimension.integer("ogm_end", 1, 100, Scale.LOG);
        assertEquals("1", l.at(0));
        assertEquals("100", l.at(0.99999));
        assertEquals("10", l.at(0.5)); // exp(ln 101 / 2) = 10.05
    }

    @Test
    void theGridIsEveryCombinationInOrderAndMustBeTakenWhole() {
        Recipe mla = Recipes.get("mla");
        SearchSpace s =
                SearchSpace.of(
                        mla,
                        "paper",
                        List.of(
                                Dimension.real("lr", 1e-4, 1e-2, Scale.LOG),
                                Dimension.choice("dropout", List.of(0, 0.2))));
        assertEquals(List.of("1.0E-4", "0.001", "0.01"), s.byName().get("lr").points());
        List<Trial> g = new GridSampler().trials(s, 6);
        assertEquals(Map.of("lr", "1.0E-4", "dropout", "0.0"), g.get(0).settings());
        assertEquals(Map.of("lr", "1.0E-4", "dropout", "0.2"), g.get(1).settings());
        assertEquals(Map.of("lr", "0.01", "dropout", "0.2"), g.get(5).settings());
        assertTrue(
                error(() -> new GridSampler().trials(s, 4))
                        .contains("has 6 points: trials 4 must be 6"));
        assertEquals(
                List.of("1", "2"),
                Dimension.integer("ogm_end", 1, 2, Scale.LINEAR).withGrid(5).points());
        assertTrue(error(() -> new RandomSampler(1).trials(s, 0)).contains("expected 1..10000"));
    }

    @Test
    void aTrialBecomesACellWithItsSettings() {
        CellSpec base = CellSpec.of("syn", "ogm", "ge", "", 0, TrainerConfig.defaults(), Map.of());
        Trial t = new Trial(3, Map.of("lr", "0.005", "ogm_alpha", "0.8", "ogm_end", "10"));
        CellSpec c = t.apply(base);
        assertEquals(0.005, c.trainer().optimizer().learningRate());
        assertEquals("0.8", c.options().get("ogm_alpha"));
        assertEquals("10", c.options().get("ogm_end"));
        assertEquals(base.seed(), c.seed());
        CellSpec late = base.withSeed(0);
        CellSpec started =
                CellSpec.of(
                        "syn",
                        "ogm",
                        "ge",
                        "",
                        0,
                        TrainerConfig.defaults(),
                        Map.of("ogm_start", "15"));
        assertTrue(
                error(() -> new Trial(4, Map.of("ogm_end", "10")).apply(started))
                        .startsWith("trial 4 {ogm_end=10}: ogm_start 15 is after ogm_end 10"));
        assertEquals(late, base);
        assertTrue(Sampler.named("grid", 0) instanceof GridSampler);
        assertTrue(error(() -> Sampler.named("bayes", 0)).contains("expected random or grid"));
    }
}
