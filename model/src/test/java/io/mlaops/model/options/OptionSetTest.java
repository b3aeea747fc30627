package io.mlaops.model.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionSetTest {
    private static final OptionSet SET =
            OptionSet.of(
                    OptionSpec.range("epochs", OptionType.INT, 20, 1, 100, "Epochs"),
                    OptionSpec.of("lr", OptionType.DOUBLE, 0.001, "Learning rate"),
                    OptionSpec.choice("noise", "white", List.of("white", "babble"), "Noise"),
                    OptionSpec.of("hidden", OptionType.INT_LIST, "128", "Widths"),
                    new OptionSpec(
                            "path",
                            OptionType.STRING,
                            null,
                            "a folder",
                            List.of(),
                            Double.NEGATIVE_INFINITY,
                            Double.POSITIVE_INFINITY));

    private static String error(Map<String, String> given) {
        return assertThrows(IllegalArgumentException.class, () -> SET.complete(given, "trainer"))
                .getMessage();
    }

    @Test
    void completesWithDefaultsInCanonicalForm() {
        Map<String, String> m =
                SET.complete(
                        Map.of("path", "x", "lr", "0.010", "noise", "BABBLE", "hidden", " 64 , 32"),
                        "t");
        assertEquals(
                Map.of(
                        "epochs", "20", "lr", "0.01", "noise", "babble", "hidden", "64,32", "path",
                        "x"),
                m);
        assertEquals(List.of("epochs", "lr", "noise", "hidden", "path"), List.copyOf(m.keySet()));
    }

    @Test
    void everyProblemNamesItsKeyAndWhatIsExpected() {
        assertEquals(
                "trainer.epochs 'one': expected an integer, a value in 1..100",
                error(Map.of("path", "x", "epochs", "one")));
        assertEquals(
                "trainer.epochs 0: expected a value in 1..100",
                error(Map.of("path", "x", "epochs", "0")));
        assertEquals(
                "trainer.lr 'NaN': expected a number", error(Map.of("path", "x", "lr", "NaN")));
        assertEquals(
                "trainer.noise 'pink': expected one of white, babble",
                error(Map.of("path", "x", "noise", "pink")));
        assertEquals(
                "trainer.hidden '64,x': expected comma-separated integers, e.g. 128,64",
                error(Map.of("path", "x", "hidden", "64,x")));
        assertEquals(
                "trainer: unknown key 'sed', expected one of [epochs, hidden, lr, noise, path]",
                error(Map.of("path", "x", "sed", "1")));
        assertEquals("trainer: path is missing: a folder", error(Map.of()));
    }

    @Test
    void aNameIsDeclaredOnce() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        OptionSet.of(
                                OptionSpec.of("a", OptionType.INT, 1, "x"),
                                OptionSpec.of("a", OptionType.INT, 2, "y")));
        assertEquals(
                "--image-pca-energy",
                OptionSpec.of("image_pca_energy", OptionType.DOUBLE, 1, "x").flag());
    }
}
