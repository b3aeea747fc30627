package io.mlaops.activities.tracking;

import java.io.IOException;

/**
 * Renders the experiment-comparison view of a finished sweep as one self-contained HTML file
 * (implemented in infra, which has the page and the chart library).
 */
@FunctionalInterface
public interface SweepReport {
    /** No report. */
    SweepReport NONE = (parentRunId, table) -> null;

    /**
     * @param parentRunId the sweep's parent run
     * @param table its table
     * @return the HTML, or null for none
     */
    byte[] render(String parentRunId, AblationTable table) throws IOException;
}
