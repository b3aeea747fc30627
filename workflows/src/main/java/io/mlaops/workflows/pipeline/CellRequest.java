package io.mlaops.workflows.pipeline;

import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.model.recipe.CellSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Input of one {@link TrainingPipelineWorkflow}.
 *
 * @param sweepId sweep id (tracker tag; a scheduled pipeline's own workflow id)
 * @param experimentId tracker experiment
 * @param parentRunId the sweep's parent run, empty for a single run
 * @param runName the tracker run's name; empty = the cell's key (a scheduled run names its schedule
 *     and time)
 * @param cell what to train
 * @param source where the data comes from
 * @param staged the data set if already staged by the caller (skips the staging step)
 * @param dfVariant sample or batch
 * @param fusionWeights fixed-fusion weights, empty = equal
 * @param missingFractions missing-modality grid
 * @param heartbeatSeconds training heartbeat timeout
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellRequest(
        String sweepId,
        String experimentId,
        String parentRunId,
        String runName,
        CellSpec cell,
        DatasetSource source,
        Optional<StagedDataset> staged,
        String dfVariant,
        List<Double> fusionWeights,
        List<Double> missingFractions,
        int heartbeatSeconds) {
    public CellRequest {
        Objects.requireNonNull(cell, "cell");
        runName = runName == null ? "" : runName;
        fusionWeights = List.copyOf(fusionWeights);
        missingFractions = List.copyOf(missingFractions);
        staged = staged == null ? Optional.empty() : staged;
    }
}
