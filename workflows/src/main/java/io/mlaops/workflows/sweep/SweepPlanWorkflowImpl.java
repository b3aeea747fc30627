package io.mlaops.workflows.sweep;

import io.mlaops.activities.cells.CellPlan;
import io.mlaops.activities.cells.ResolveRequest;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.staging.StagedDataset;
import io.mlaops.model.cell.EngineIdentity;
import io.mlaops.workflows.common.ActivityStubs;
import io.mlaops.workflows.pipeline.TrainingPipelineWorkflowImpl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks the spec's cells up as a sweep would (the data sets' content from their recipes, the
 * training workers' engine, the store) and returns the plan.
 */
public final class SweepPlanWorkflowImpl implements SweepPlanWorkflow {
    @Override
    public SweepPlan plan(SweepPlanRequest r) {
        SweepSpec spec = r.spec();
        Map<String, String> hashes = new LinkedHashMap<>();
        Map<String, List<String>> modalities = new LinkedHashMap<>();
        List<String> unstaged = new ArrayList<>();
        for (DatasetSource d : spec.datasets()) {
            Optional<StagedDataset> s = ActivityStubs.staging().known(d);
            if (s.isPresent()) {
                hashes.put(d.name(), s.get().contentHash());
                modalities.put(d.name(), s.get().modalities());
            } else {
                unstaged.add(d.name());
                modalities.put(d.name(), r.modalities().getOrDefault(d.name(), List.of()));
            }
        }
        EngineIdentity engine = ActivityStubs.engine().trainingEngine();
        CellPlan plan =
                ActivityStubs.cellStore()
                        .planCells(
                                new ResolveRequest(
                                        spec.cells(modalities),
                                        hashes,
                                        engine,
                                        new EvaluationSettings(
                                                spec.fusionWeights(),
                                                spec.dfVariant(),
                                                spec.missingFractions(),
                                                TrainingPipelineWorkflowImpl.MISSING_SEED),
                                        null));
        return new SweepPlan(plan, engine, unstaged);
    }
}
