package io.mlaops.workflows.sweep;

import io.mlaops.workflows.pipeline.TrainingPipelineWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories (src/test/resources/histories, made with
 * {@code mvn -pl workflows test -Dmla.recordHistories=true}) against the current workflow code:
 * a change that breaks determinism for running workflows fails here.
 */
class WorkflowReplayTest {
    @Test
    void ablationSweepReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/ablation-sweep.json", AblationSweepWorkflowImpl.class);
    }

    @Test
    void promotionPipelineReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/promotion-pipeline.json",
                io.mlaops.workflows.promotion.PromotionPipelineWorkflowImpl.class);
    }

    @Test
    void trainingPipelineReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/training-pipeline.json", TrainingPipelineWorkflowImpl.class);
    }
}
