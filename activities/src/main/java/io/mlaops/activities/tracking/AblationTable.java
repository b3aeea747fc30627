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
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record AblationTable(String sweepId, List<AblationRow> rows, List<PairedTest> tests) {
    public AblationTable {
        rows = List.copyOf(rows);
        tests = List.copyOf(tests);
    }
}
