package io.mlaops.activities.tracking;

import java.util.List;

/**
 * The sweep's result table ({@code ablation.json}): the comparison page and {@code report.html}
 * render it as it is.
 *
 * @param sweepId the sweep
 * @param rows rows per data set and configuration, in the registry's order
 * @param tests paired tests: each recipe's own (e.g. HGM on vs off) and every method against the
 *     reference methods (joint training, MLA)
 * @param cells the view: every cell the table aggregates, trained for this sweep or reused (with
 *     where from), and where its run is; empty in tables from before the cell store
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record AblationTable(
        String sweepId, List<AblationRow> rows, List<PairedTest> tests, List<SweepCell> cells) {
    public AblationTable {
        rows = List.copyOf(rows);
        tests = List.copyOf(tests);
        cells = cells == null ? List.of() : List.copyOf(cells);
    }

    /** A table without its cells' view. */
    public AblationTable(String sweepId, List<AblationRow> rows, List<PairedTest> tests) {
        this(sweepId, rows, tests, List.of());
    }

    /**
     * @return this table with its view of cells
     */
    public AblationTable withCells(List<SweepCell> view) {
        return new AblationTable(sweepId, rows, tests, view);
    }
}
