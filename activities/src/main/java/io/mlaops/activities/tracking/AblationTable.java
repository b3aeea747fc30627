package io.mlaops.activities.tracking;

import java.util.List;

/**
 * The sweep's result table ({@code ablation.json}): the comparison page and {@code report.html}
 * render it as it is.
 *
 * @param sweepId the sweep
 * @param rows rows per data set and configuration, in the registry's order
 * @param tests paired tests: each recipe's own (e.g. HGM on vs off) and every method against the
 *     reference methods (joint training, MLA, the ensemble)
 * @param cells the view: every cell the table aggregates, trained for this sweep or reused (with
 *     where from), and where its run is; empty in tables from before the cell store
 * @param shows which epoch's test numbers the rows and tests show, in words (empty in tables
 *     written before selection on validation: the last epoch's)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record AblationTable(
        String sweepId,
        List<AblationRow> rows,
        List<PairedTest> tests,
        List<SweepCell> cells,
        String shows) {
    public AblationTable {
        rows = List.copyOf(rows);
        tests = List.copyOf(tests);
        cells = cells == null ? List.of() : List.copyOf(cells);
        shows = shows == null || shows.isEmpty() ? LAST_EPOCH : shows;
    }

    /** What a table written before selection on validation shows. */
    public static final String LAST_EPOCH = "test numbers at the last epoch";

    /** A table of last-epoch numbers without its cells' view (the earlier form). */
    public AblationTable(String sweepId, List<AblationRow> rows, List<PairedTest> tests) {
        this(sweepId, rows, tests, List.of(), LAST_EPOCH);
    }

    /** A table without its cells' view. */
    public AblationTable(
            String sweepId, List<AblationRow> rows, List<PairedTest> tests, String shows) {
        this(sweepId, rows, tests, List.of(), shows);
    }

    /**
     * @return this table with its view of cells
     */
    public AblationTable withCells(List<SweepCell> view) {
        return new AblationTable(sweepId, rows, tests, view, shows);
    }
}
