package io.mlaops.workflows.sweep;

import io.mlaops.workflows.pipeline.TrainingPipelineWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories (src/test/resources/histories, made with {@code mvn -pl workflows test
 * -Dmla.recordHistories=true}) against the current workflow code: a change that breaks determinism
 * for running workflows fails here.
 */
class WorkflowReplayTest {
    @Test
    void ablationSweepReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/ablation-sweep.json", AblationSweepWorkflowImpl.class);
    }

    @Test
    void promotionPipelineReplays() throws Exception {
        // the training child's id derives from the pipeline run's id: replay under the recorded one
        String json =
                new String(
                        WorkflowReplayTest.class
                                .getResourceAsStream("/histories/promotion-pipeline.json")
                                .readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
        WorkflowReplayer.replayWorkflowExecution(
                io.temporal.common.WorkflowExecutionHistory.fromJson(json, "p2"),
                io.mlaops.workflows.promotion.PromotionPipelineWorkflowImpl.class);
    }

    @Test
    void trainingPipelineReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/training-pipeline.json", TrainingPipelineWorkflowImpl.class);
    }

    /**
     * Recorded with the code just before the cell store (fused training and evaluation, children
     * named {@code <sweep>.<cell key>}, finished cells looked up by sweep in MLflow): a sweep that
     * was running when the cell store arrived must replay on the new code.
     */
    @Test
    void ablationSweepFromBeforeTheCellStoreReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/ablation-sweep-before-cell-store.json", AblationSweepWorkflowImpl.class);
    }

    /** A sweep on the cell store: every cell through its own workflow. */
    @Test
    void ablationSweepOnTheCellStoreReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/ablation-sweep-cell-store.json", AblationSweepWorkflowImpl.class);
    }

    /**
     * A sweep that needed two cells another sweep was training: its child starts failed as already
     * started, it subscribed by signal and took the outcomes the cells' workflows sent.
     */
    @Test
    void aSweepThatJoinedAnotherSweepsCellsReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/ablation-sweep-joined-cells.json", AblationSweepWorkflowImpl.class);
    }

    /** A cell's own workflow ({@code cell-<id>}). */
    @Test
    void aCellsWorkflowReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/training-pipeline-cell-store.json", TrainingPipelineWorkflowImpl.class);
    }

    /** A sweep's plan. */
    @Test
    void aSweepPlanReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/sweep-plan.json", SweepPlanWorkflowImpl.class);
    }

    /** The pipeline of one cell of that sweep, recorded with the same code. */
    @Test
    void trainingPipelineFromBeforeTheCellStoreReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/training-pipeline-before-cell-store.json",
                TrainingPipelineWorkflowImpl.class);
    }
}
