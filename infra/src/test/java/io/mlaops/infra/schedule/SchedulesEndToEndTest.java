package io.mlaops.infra.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.infra.TestSupport;
import io.mlaops.infra.services.MlflowTracker;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.workflows.promotion.PipelineOutcome;
import io.mlaops.workflows.promotion.PipelineSpec;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled pipelines on Temporal's own server, as ops use them: a cron schedule and an interval
 * schedule fire and run the promotion pipeline; {@code trigger} starts a run of a paused schedule;
 * {@code backfill} over a past window runs once per scheduled time in it; pause with a note,
 * unpause and delete do what they say; a duplicate and an unknown id are named. The champion alias
 * moves once: every run asks for the same model on the same data, which is one cell: the first run
 * trains it (an MLflow run named after its schedule and time), the others take it from the cell
 * store, and none is better than the champion by the margin.
 */
class SchedulesEndToEndTest {
    private static final String PIPELINE =
            """
            name: e2e
            dataset: {name: synthetic, kind: synthetic, options: {seed: 0}}
            method: mla
            hgm: paper
            seed: 0
            trainer: {epochs: 2}
            model: e2e-model
            metric: dynamic
            margin: 0.005
            """;

    @Test
    void schedulesFireTriggerBackfillPauseAndDelete(@TempDir Path home) throws Exception {
        PipelineSpec spec = PipelineSpecParser.parse(PIPELINE, TestSupport.specs(home));
        try (Stack stack = TestSupport.startStack(TestSupport.config(home));
                MlaWorker worker =
                        TestSupport.worker(stack, Set.of("workflows", "cpu", "gpu"), 1000)) {
            worker.start();
            WorkflowClient client = stack.workflowClient();
            Schedules s =
                    new Schedules(
                            stack.scheduleClient(), stack.workflowClient(), stack.temporalTarget());
            Instant created = Instant.now();
            s.create(
                    "every",
                    spec,
                    "",
                    Duration.ofSeconds(10),
                    "skip",
                    Duration.ofMinutes(1),
                    "",
                    false);
            s.create("cron", spec, "* * * * *", null, "skip", Duration.ofMinutes(1), "", false);
            assertTrue(
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            s.create(
                                                    "every",
                                                    spec,
                                                    "",
                                                    Duration.ofSeconds(10),
                                                    "skip",
                                                    Duration.ofMinutes(1),
                                                    "",
                                                    false))
                            .getMessage()
                            .contains("schedule 'every' already exists"));
            assertTrue(s.describe("cron").contains("cron '* * * * *'"), s.describe("cron"));
            assertTrue(s.describe("every").contains("every 10s"), s.describe("every"));
            assertEquals(List.of("cron", "every"), s.list().stream().sorted().toList());

            // the interval schedule fires
            await("the interval schedule to fire", 120, () -> completed(client, "every") >= 1);
            s.pause("every", "paused by the test");
            String paused = s.describe("every");
            assertTrue(
                    paused.contains("paused true") && paused.contains("paused by the test"),
                    paused);
            awaitIdle(client);
            int beforeTrigger = completed(client, "every");
            // a paused schedule can still be run by hand
            s.trigger("every");
            await("the triggered run", 120, () -> completed(client, "every") == beforeTrigger + 1);
            Thread.sleep(12_000); // longer than the interval: a paused schedule must not fire
            assertEquals(beforeTrigger + 1, completed(client, "every"));
            s.unpause("every", "unpaused by the test");
            assertTrue(s.describe("every").contains("paused false"));
            s.delete("every");

            // backfill over three past minutes of the cron schedule: three runs
            Instant to =
                    Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
            // from one second after a minute mark: three runs whether the server counts the start
            // or not
            s.backfill(
                    "cron",
                    to.minus(3, ChronoUnit.MINUTES).plusSeconds(1),
                    to,
                    Schedules.DEFAULT_MAX_RUNS,
                    java.util.Optional.of("allow_all"));
            await(
                    "three backfilled runs",
                    300,
                    () -> completedScheduledBefore(client, "cron", created) == 3);
            // and the cron schedule fires on its own
            await(
                    "the cron schedule to fire",
                    150,
                    () ->
                            completed(client, "cron")
                                            - completedScheduledBefore(client, "cron", created)
                                    >= 1);
            s.delete("cron");
            assertTrue(s.list().isEmpty());
            assertTrue(
                    assertThrows(IllegalArgumentException.class, () -> s.describe("cron"))
                            .getMessage()
                            .contains("no schedule 'cron'"));
            awaitIdle(client);

            // every run: completed, an MLflow run named after its schedule and time; one promotion
            // in all
            List<String> ids = pipelineRuns(client, "");
            int promotions = 0;
            MlflowTracker tracker = (MlflowTracker) stack.tracker();
            String exp = tracker.experimentId("pipeline-e2e");
            List<String> names = new ArrayList<>();
            Set<String> runIds = new java.util.TreeSet<>();
            for (String id : ids) {
                PipelineOutcome o =
                        client.newUntypedWorkflowStub(id).getResult(PipelineOutcome.class);
                promotions += o.decision().promoted() ? 1 : 0;
                names.add(tracker.runName(o.runId()));
                runIds.add(o.runId());
            }
            assertEquals(1, promotions, "promotions among " + ids);
            assertTrue(
                    names.stream()
                            .allMatch(
                                    n ->
                                            n.matches(
                                                    "(every|cron)-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")),
                    names.toString());
            // every run asks for the same content (same data, same settings): one cell, trained by
            // the first run, taken from the cell store by the others
            assertEquals(1, tracker.findRuns(exp, Map.of("mla.role", "cell")).size());
            assertEquals(1, runIds.size(), runIds.toString());
            System.out.printf(
                    "schedules: %d pipeline runs (interval %d incl. 1 trigger, cron %d incl. 3 backfilled), %d promotion%n",
                    ids.size(),
                    ids.stream().filter(i -> i.startsWith("pipeline-every-")).count(),
                    ids.stream().filter(i -> i.startsWith("pipeline-cron-")).count(),
                    promotions);
        }
    }

    /**
     * @return ids of the pipeline runs of schedule {@code id} (all schedules when empty), by
     *     visibility
     */
    private static List<String> pipelineRuns(WorkflowClient client, String id) {
        var resp =
                client.getWorkflowServiceStubs()
                        .blockingStub()
                        .listWorkflowExecutions(
                                ListWorkflowExecutionsRequest.newBuilder()
                                        .setNamespace(client.getOptions().getNamespace())
                                        .setPageSize(1000)
                                        .setQuery(
                                                "WorkflowType = 'PromotionPipelineWorkflow' AND ExecutionStatus = 'Completed'"
                                                        + (id.isEmpty()
                                                                ? ""
                                                                : " AND TemporalScheduledById = '"
                                                                        + id
                                                                        + "'"))
                                        .build());
        List<String> out = new ArrayList<>();
        resp.getExecutionsList().forEach(e -> out.add(e.getExecution().getWorkflowId()));
        return out;
    }

    private static int completed(WorkflowClient client, String schedule) {
        return pipelineRuns(client, schedule).size();
    }

    /**
     * @return completed runs of the schedule whose scheduled time (in their id) lies before {@code
     *     t}
     */
    private static int completedScheduledBefore(WorkflowClient client, String schedule, Instant t) {
        return (int)
                pipelineRuns(client, schedule).stream()
                        .map(
                                i ->
                                        Instant.parse(
                                                i.substring(
                                                        ("pipeline-" + schedule + "-").length())))
                        .filter(x -> x.isBefore(t))
                        .count();
    }

    private static void awaitIdle(WorkflowClient client) throws InterruptedException {
        await(
                "running pipelines to finish",
                300,
                () ->
                        client.getWorkflowServiceStubs()
                                        .blockingStub()
                                        .listWorkflowExecutions(
                                                ListWorkflowExecutionsRequest.newBuilder()
                                                        .setNamespace(
                                                                client.getOptions().getNamespace())
                                                        .setQuery(
                                                                "WorkflowType = 'PromotionPipelineWorkflow' AND ExecutionStatus = 'Running'")
                                                        .build())
                                        .getExecutionsCount()
                                == 0);
    }

    private static void await(String what, int seconds, BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!done.getAsBoolean()) {
            assertFalse(
                    System.currentTimeMillis() > deadline, "waited " + seconds + " s for " + what);
            Thread.sleep(500);
        }
    }
}
