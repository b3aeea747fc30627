package io.mlaops.model.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mlaops.model.nn.EncoderKind;
import io.mlaops.model.nn.Encoders;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.Recipes;
import io.mlaops.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellIdentityTest {
    private static final String DATA = "ab".repeat(32);
    private static final EngineIdentity CPU = new EngineIdentity("0.36.0", "2.7.1", "cpu");

    private static CellSpec cell(Recipe r, Map<String, String> trainer, Map<String, String> opts) {
        return new CellSpec(
                "av-digits",
                r.id(),
                r.defaultVariant(),
                r.perModality() ? "audio" : "",
                3,
                TrainerConfig.fromParams(trainer),
                opts);
    }

    /**
     * Every trainer setting {@link TrainerConfig#OPTIONS} declares, and every option of every
     * recipe, changes the id when it changes: a setting added to a declaration without reaching the
     * id (say, a {@code toParams} that forgets it) fails here, naming it.
     */
    @Test
    void everyDeclaredOptionIsPartOfTheId() {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Recipe r : Recipes.all()) {
            String base = CellIdentity.id(cell(r, Map.of(), Map.of()), DATA, CPU);
            for (OptionSpec o : TrainerConfig.OPTIONS.specs()) {
                // an encoder's option is only accepted with that encoder in use
                Map<String, String> context = encoderInUse(o.name());
                String without = CellIdentity.id(cell(r, context, Map.of()), DATA, CPU);
                String v = otherValue(o, r, true);
                Map<String, String> t = new LinkedHashMap<>(context);
                t.put(o.name(), v);
                String changed = CellIdentity.id(cell(r, t, Map.of()), DATA, CPU);
                checked++;
                if (changed.equals(without)) {
                    missing.add("trainer setting " + o.name() + " (" + r.id() + ")");
                }
            }
            for (OptionSpec o : r.options().specs()) {
                String v = otherValue(o, r, false);
                String changed = CellIdentity.id(cell(r, Map.of(), Map.of(o.name(), v)), DATA, CPU);
                checked++;
                if (changed.equals(base)) {
                    missing.add("option " + o.name() + " of " + r.id());
                }
            }
        }
        assertTrue(checked >= TrainerConfig.OPTIONS.specs().size() * Recipes.all().size());
        assertEquals(List.of(), missing, "declared but not part of the cell's content id");
    }

    /**
     * A value of {@code o} other than its default that the trainer and the recipe accept (the first
     * of a few candidates per type).
     */
    private static String otherValue(OptionSpec o, Recipe r, boolean trainer) {
        String d = o.defaultValue() == null ? "" : o.defaultValue();
        List<String> candidates = new ArrayList<>();
        switch (o.type()) {
            case INT, LONG -> {
                long x = d.isEmpty() ? 0 : Long.parseLong(d);
                candidates.addAll(
                        List.of(x + 1 + "", x - 1 + "", x * 2 + "", "2", x + 2 + "", "3"));
            }
            case DOUBLE -> {
                double x = d.isEmpty() ? 0 : Double.parseDouble(d);
                candidates.addAll(
                        List.of(
                                Double.toString(x / 2),
                                Double.toString(x * 2),
                                Double.toString(x + 0.1),
                                "0.5",
                                "0.25"));
            }
            case BOOLEAN -> candidates.add(Boolean.toString(!Boolean.parseBoolean(d)));
            case CHOICE -> candidates.addAll(o.choices());
            case INT_LIST -> candidates.addAll(List.of("32", "128,64", "7"));
            case NAME_LIST -> candidates.addAll(List.of("video,audio", "audio,video", "x"));
            case STRING -> {
                candidates.addAll(List.of(d + "x", "other"));
                candidates.addAll(Encoders.ids()); // the encoder setting takes registered ids
            }
        }
        for (String c : candidates) {
            String canonical;
            try {
                canonical = o.normalise(c, "");
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (canonical.equals(o.normalise(d, "")) && !d.isEmpty()) {
                continue;
            }
            try {
                Map<String, String> t = new LinkedHashMap<>(encoderInUse(o.name()));
                if (trainer) {
                    t.put(o.name(), canonical);
                }
                Map<String, String> opts = trainer ? Map.of() : Map.of(o.name(), canonical);
                cell(r, t, opts).validate();
                return canonical;
            } catch (IllegalArgumentException e) {
                // not accepted together with the other defaults: try the next candidate
            }
        }
        fail(
                String.format(
                        Locale.ROOT,
                        "no valid non-default value found for %s (%s): add a candidate to this test",
                        o.name(),
                        o.type()));
        return d;
    }

    /**
     * @return the trainer setting that puts the encoder owning {@code option} in use, or nothing
     *     for a setting of the trainer itself
     */
    private static Map<String, String> encoderInUse(String option) {
        EncoderKind owner = Encoders.ownerOf(option);
        return owner == null ? Map.of() : Map.of("encoder", owner.id());
    }

    @Test
    void anExplicitDefaultAndAnOmittedOneAreTheSameCell() {
        for (Recipe r : Recipes.all()) {
            for (String encoder : Encoders.ids()) {
                Map<String, String> allTrainer = new LinkedHashMap<>();
                TrainerConfig.OPTIONS
                        .defaults()
                        .forEach(
                                (k, v) -> {
                                    EncoderKind owner = Encoders.ownerOf(k);
                                    // the options of encoders not in use are refused, not ignored
                                    if (owner == null || owner.id().equals(encoder)) {
                                        allTrainer.put(k, v);
                                    }
                                });
                allTrainer.put("encoder", encoder);
                allTrainer.put("lr", "1e-3"); // another spelling of the default 0.001
                Map<String, String> allOptions = new LinkedHashMap<>(r.options().defaults());
                assertEquals(
                        CellIdentity.id(cell(r, Map.of("encoder", encoder), Map.of()), DATA, CPU),
                        CellIdentity.id(cell(r, allTrainer, allOptions), DATA, CPU),
                        r.id() + " with " + encoder);
            }
            assertEquals(
                    CellIdentity.id(cell(r, Map.of(), Map.of()), DATA, CPU),
                    CellIdentity.id(
                            cell(r, Map.of("encoder", Encoders.DEFAULT), Map.of()), DATA, CPU),
                    r.id() + ": the default encoder named or not");
        }
    }

    @Test
    void dataEngineSeedAndSemanticsAreInTheNameIsNot() {
        Recipe mla = Recipes.get("mla");
        CellSpec c = cell(mla, Map.of(), Map.of());
        String id = CellIdentity.id(c, DATA, CPU);
        assertEquals(64, id.length());
        assertTrue(CellIdentity.isId(id));
        assertNotEquals(id, CellIdentity.id(c, "cd".repeat(32), CPU));
        assertNotEquals(id, CellIdentity.id(c.withSeed(4), DATA, CPU));
        assertNotEquals(
                id, CellIdentity.id(c, DATA, new EngineIdentity("0.36.0", "2.7.1", "cuda")));
        assertNotEquals(id, CellIdentity.id(c, DATA, new EngineIdentity("0.37.0", "2.7.1", "cpu")));
        assertNotEquals(id, CellIdentity.id(c, DATA, new EngineIdentity("0.36.0", "2.8.0", "cpu")));
        assertNotEquals(
                id,
                CellIdentity.id(
                        new CellSpec("av-digits", "mla", "off", "", 3, c.trainer(), Map.of()),
                        DATA,
                        CPU));
        assertTrue(
                CellIdentity.canonical(c, DATA, CPU)
                        .contains("semantics=" + CellIdentity.TRAINING_SEMANTICS_VERSION + "\n"));
        // the data set's name is a label: the same content under another name is the same cell
        CellSpec renamed =
                new CellSpec("digits2", "mla", c.variant(), "", 3, c.trainer(), c.options());
        assertEquals(id, CellIdentity.id(renamed, DATA, CPU));
        // seeds share the configuration id, other settings do not
        assertEquals(
                CellIdentity.configurationId(c, DATA, CPU),
                CellIdentity.configurationId(c.withSeed(9), DATA, CPU));
        assertNotEquals(
                CellIdentity.configurationId(c, DATA, CPU),
                CellIdentity.configurationId(cell(mla, Map.of("lr", "0.01"), Map.of()), DATA, CPU));
    }

    @Test
    void theCanonicalFormIsSortedWithOneLinePerEntry() {
        String text =
                CellIdentity.canonical(cell(Recipes.get("ogm"), Map.of(), Map.of()), DATA, CPU);
        List<String> lines = List.of(text.split("\n"));
        assertEquals(lines.stream().sorted().toList(), lines);
        assertTrue(lines.contains("trainer.lr=0.001"), text);
        assertTrue(lines.contains("engine.device=cpu"), text);
        assertEquals(
                TrainerConfig.OPTIONS.specs().size(),
                lines.stream().filter(l -> l.startsWith("trainer.")).count());
    }
}
