package io.mlaops.model.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.train.TrainerConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecipesTest {
    @Test
    void everyRecipeDeclaresConsistentRowsAndComparisons() {
        Set<String> names = new HashSet<>(TrainerConfig.OPTIONS.names());
        for (Recipe r : Recipes.all()) {
            for (String v : r.sweepVariants()) {
                assertTrue(
                        r.variants().isEmpty() ? v.isEmpty() : r.variants().contains(v),
                        r.id() + " sweeps unknown variant " + v);
                for (String m : r.perModality() ? List.of("a") : List.of("")) {
                    List<TableRow> rows = r.rows(v, m);
                    assertEquals(r.fusions().size(), rows.size(), r.id());
                    assertEquals(
                            rows.size(),
                            rows.stream().map(TableRow::label).distinct().count(),
                            r.id() + " row labels repeat");
                    Optional<Fusion> h = r.headline(v);
                    h.ifPresent(
                            f ->
                                    assertTrue(
                                            r.fusions().contains(f),
                                            r.id() + " headline fusion not declared"));
                }
            }
            for (Comparison c : r.comparisons(r.variants())) {
                assertTrue(
                        r.fusions().contains(c.a().fusion())
                                && r.fusions().contains(c.b().fusion()),
                        c.name());
            }
            r.options()
                    .specs()
                    .forEach(o -> assertTrue(names.add(o.name()), o.name() + " declared twice"));
        }
        // the references of the cross-method tests
        assertEquals(
                Optional.of(new RowRef("joint", "", "", Fusion.FIXED)),
                Recipes.get("joint").reference(List.of("")));
        assertEquals(
                Optional.of(new RowRef("mla", "paper", "", Fusion.DYNAMIC)),
                Recipes.get("mla").reference(List.of("off", "paper")));
        assertEquals(
                Optional.of(new RowRef("mla", "off", "", Fusion.FIXED)),
                Recipes.get("mla").reference(List.of("off")));
        assertFalse(
                Recipes.get("unimodal").fusions().contains(Fusion.DYNAMIC),
                "one modality has nothing to fuse");
    }

    @Test
    void theCellKeyAndParamsDeriveFromTheOneDescription() {
        CellSpec c =
                new CellSpec(
                                "av-digits",
                                "mla",
                                "paper",
                                "",
                                4,
                                TrainerConfig.defaults(),
                                java.util.Map.of("hgm_alpha", "0.5"))
                        .validate();
        assertEquals("av-digits.mla.paper.s4", c.key());
        assertEquals("MLA, HGM paper", c.label());
        assertEquals(
                List.of("dataset", "recipe", "variant", "modality", "seed"),
                List.copyOf(c.params().keySet()).subList(0, 5));
        assertEquals("0.5", c.params().get("hgm_alpha"));
        assertEquals("false", c.params().get("idle_encoder_drift"));
        assertEquals("70", c.params().get("lr_step"));
        assertEquals(c, CellSpec.fromParams(c.params()));
    }

    /**
     * A cell is plain data while Temporal deserialises it (a renamed method or variant must not
     * break the replay of a history that names the old one); the registry is consulted when input
     * is read, by {@link CellSpec#validate()}.
     */
    @Test
    void constructingACellConsultsNoRegistryValidatingDoes() {
        CellSpec old =
                new CellSpec(
                        "av-digits",
                        "retired-method",
                        "renamed-variant",
                        "",
                        0,
                        TrainerConfig.defaults(),
                        java.util.Map.of("gone_option", "1"));
        assertEquals("av-digits.retired-method.renamed-variant.s0", old.key());
        assertEquals("1", old.options().get("gone_option"));
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, old::validate);
        assertTrue(e.getMessage().contains("unknown method 'retired-method'"), e.getMessage());
        CellSpec bare = new CellSpec("d", "mla", "paper", "", 0, TrainerConfig.defaults(), null);
        assertTrue(bare.options().isEmpty());
        assertEquals("1.0", bare.validate().options().get("hgm_alpha"));
    }
}
