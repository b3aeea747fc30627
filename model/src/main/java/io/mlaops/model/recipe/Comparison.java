package io.mlaops.model.recipe;

import java.util.Objects;

/**
 * A paired comparison over seeds that a recipe declares: row {@code a} minus row {@code b}, seed by
 * seed.
 *
 * @param name how the test is called in tables (e.g. {@code HGM paper vs off (MLA, DF on)})
 * @param a the row tested
 * @param b the row it is tested against
 */
public record Comparison(String name, RowRef a, RowRef b) {
    public Comparison {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
    }
}
