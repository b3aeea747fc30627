package io.mlaops.activities.registry;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Compares a candidate with the champion on the same test set and promotes it only when better. */
@ActivityInterface
public interface PromotionActivities {
    @ActivityMethod
    PromotionDecision decide(PromotionRequest request);
}
