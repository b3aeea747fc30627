package io.mlaops.activities.cells;

import java.util.List;

/**
 * What a view would do with its cells.
 *
 * @param cells each cell as resolved
 * @param estimates estimated training seconds of each cell, aligned with {@code cells} (0 for a
 *     cell taken as it is, NaN when the store records no time to estimate it from)
 * @param basis how each estimate was made, aligned with {@code cells}
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellPlan(List<ResolvedCell> cells, List<Double> estimates, List<String> basis) {
    public CellPlan {
        cells = List.copyOf(cells);
        estimates = List.copyOf(estimates);
        basis = List.copyOf(basis);
    }
}
