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
 * @param cellId the cell's content id when the caller resolved it (then the workflow running this
 *     request is the cell's own, {@code cell-<id>}, and trains it); empty: the pipeline resolves it
 *     and runs or joins that workflow (a single run, a scheduled pipeline)
 * @param engine the engine the content id was resolved for (with {@code cellId})
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
        int heartbeatSeconds,
        String cellId,
        Optional<io.mlaops.model.cell.EngineIdentity> engine) {
    public CellRequest {
        Objects.requireNonNull(cell, "cell");
        runName = runName == null ? "" : runName;
        fusionWeights = List.copyOf(fusionWeights);
        missingFractions = List.copyOf(missingFractions);
        staged = staged == null ? Optional.empty() : staged;
        cellId = cellId == null ? "" : cellId;
        engine = engine == null ? Optional.empty() : engine;
    }

    /** A request the pipeline resolves itself (see {@code cellId}). */
    public CellRequest(
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
        this(
                sweepId,
                experimentId,
                parentRunId,
                runName,
                cell,
                source,
                staged,
                dfVariant,
                fusionWeights,
                missingFractions,
                heartbeatSeconds,
                "",
                Optional.empty());
    }

    /**
     * @return this request for the cell's own workflow: resolved to {@code id} for {@code engine},
     *     with the staged data set
     */
    public CellRequest forCell(
            String id, io.mlaops.model.cell.EngineIdentity engine, StagedDataset data) {
        return new CellRequest(
                sweepId,
                experimentId,
                parentRunId,
                runName,
                cell,
                source,
                Optional.of(data),
                dfVariant,
                fusionWeights,
                missingFractions,
                heartbeatSeconds,
                id,
                Optional.of(engine));
    }

    /**
     * @return how the cell is scored for this request
     */
    public io.mlaops.activities.evaluation.EvaluationSettings evaluation() {
        return new io.mlaops.activities.evaluation.EvaluationSettings(
                fusionWeights,
                dfVariant,
                missingFractions,
                TrainingPipelineWorkflowImpl.MISSING_SEED);
    }
}
