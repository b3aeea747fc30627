package io.mlaops.activities.cells;

import java.util.Objects;

/**
 * Who asked for a cell: a sweep, a pipeline run or an {@code mla ablate} table (a sweep is a view
 * of cells, and these records are the view's side in the store). {@code mla cells gc} keeps the
 * cells some live view uses.
 *
 * @param view the view's id: a sweep id, a pipeline's workflow id, {@code ablate-<data set>}
 * @param kind {@code sweep}, {@code pipeline} or {@code ablate}
 * @param experimentId the tracker experiment of the view ("" for ablate)
 * @param runId the view's own tracker run: a sweep's parent run, a pipeline's cell run ("" for
 *     ablate)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellUse(String view, String kind, String experimentId, String runId) {
    public CellUse {
        Objects.requireNonNull(view, "view");
        kind = kind == null ? "" : kind;
        experimentId = experimentId == null ? "" : experimentId;
        runId = runId == null ? "" : runId;
    }
}
