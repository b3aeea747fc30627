package io.mlaops.workflows.sweep;

import io.mlaops.workflows.pipeline.CellOutcome;
import java.util.List;

/**
 * Input of {@link AblationSweepWorkflow}; {@code done} carries finished cells across
 * continue-as-new.
 *
 * @param spec the validated spec
 * @param sweepId deterministic id (from the spec's content)
 * @param done cells finished by earlier runs of this workflow chain
 * @param maxCellsPerRun cells to finish in one run before continuing as new (keeps the history
 *     small)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepRequest(
        SweepSpec spec, String sweepId, List<CellOutcome> done, int maxCellsPerRun) {
    public SweepRequest {
        done = List.copyOf(done);
    }
}
