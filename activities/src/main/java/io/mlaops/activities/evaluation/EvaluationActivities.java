package io.mlaops.activities.evaluation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Scores a trained model: fixed fusion, DF, per modality, macro-F1, gap, missing modalities. */
@ActivityInterface
public interface EvaluationActivities {
    @ActivityMethod
    CellMetrics evaluate(EvaluationRequest request);
}
