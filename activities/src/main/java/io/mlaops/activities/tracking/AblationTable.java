package io.mlaops.activities.tracking;

import java.util.List;

/**
 * The sweep's result table.
 *
 * @param sweepId the sweep
 * @param rows rows per data set and configuration
 * @param tests paired tests (HGM on vs off, MLA vs joint)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record AblationTable(String sweepId, List<AblationRow> rows, List<PairedTest> tests) {
    public AblationTable {
        rows = List.copyOf(rows);
        tests = List.copyOf(tests);
    }
}
