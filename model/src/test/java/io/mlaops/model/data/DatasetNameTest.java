package io.mlaops.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetNameTest {
    @ParameterizedTest(name = "accepted: {0}")
    @ValueSource(strings = {"a", "shapes", "av-digits.v2", "My_Set-3", "0day", "x.y.z"})
    void plainNamesAreAccepted(String name) {
        assertEquals(name, DatasetName.require(name, "--name"));
    }

    @ParameterizedTest(name = "refused: [{0}]")
    @ValueSource(
            strings = {
                "",
                ".",
                "..",
                "keep1/..",
                "../../x",
                "/abs",
                "a/b",
                "a\\b",
                ".hidden",
                "-rf",
                "_x",
                "a b",
                "é",
                "name\u0000",
                "x:y",
                "a*"
            })
    void anythingElseIsRefusedWithTheRule(String name) {
        String m =
                assertThrows(
                                DatasetValidationException.class,
                                () -> DatasetName.require(name, "--name"))
                        .getMessage();
        assertTrue(m.startsWith("--name") && m.contains("letters, digits"), m);
    }

    @org.junit.jupiter.api.Test
    void tooLongIsRefused() {
        assertThrows(
                DatasetValidationException.class,
                () -> DatasetName.require("a".repeat(65), "--name"));
        assertEquals(64, DatasetName.require("a".repeat(64), "--name").length());
    }
}
