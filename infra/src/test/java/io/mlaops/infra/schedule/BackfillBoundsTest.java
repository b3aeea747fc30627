package io.mlaops.infra.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.infra.TestSupport;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.worker.MlaWorker;
import io.mlaops.workflows.promotion.PipelineSpec;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfills are bounded and follow the overlap policy, on Temporal's own server: a window of
 * decades is refused at once with its count and starts nothing; a bounded backfill of a {@code
 * skip} schedule starts one run and skips the times that fall while it runs; {@code stop-runs}
 * stops what a schedule started, also after the schedule is deleted.
 */
class BackfillBoundsTest {
    /** A pipeline long enough to still run while the backfill's other times come up. */
    private static final String PIPELINE =
            """
            name: slow
            dataset: {name: synthetic, kind: synthetic, options: {seed: 0}}
            method: mla
            hgm: paper
            seed: 0
            trainer: {epochs: 2000}
            model: slow-model
            metric: dynamic
            margin: 0.005
            heartbeat_seconds: 5
            """;

    @Test
    void intervalCountsMatchTheSchedulersArithmetic() {
        ScheduleSpec every =
                ScheduleSpec.newBuilder()
                        .setIntervals(
                                List.of(
                                        new ScheduleIntervalSpec(
                                                Duration.ofMinutes(10), Duration.ofMinutes(3))))
                        .build();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        // times :03, :13, :23 ... in (t - 1 ms, t + 1 h]: 6
        assertEquals(
                6,
                Schedules.intervalCount(every, t.minusMillis(1), t.plus(1, ChronoUnit.HOURS))
                        .getAsLong());
        // a window starting on a time counts it (the backfill starts 1 ms before --from)
        assertEquals(
                1,
                Schedules.intervalCount(
                                every, t.plusSeconds(180).minusMillis(1), t.plusSeconds(180))
                        .getAsLong());
        // before 1970 too
        assertEquals(
                6,
                Schedules.intervalCount(
                                every,
                                Instant.parse("1960-01-01T00:00:00Z").minusMillis(1),
                                Instant.parse("1960-01-01T01:00:00Z"))
                        .getAsLong());
        ScheduleSpec second =
                ScheduleSpec.newBuilder()
                        .setIntervals(List.of(new ScheduleIntervalSpec(Duration.ofSeconds(1))))
                        .build();
        assertEquals(
                Duration.between(Instant.parse("1990-01-01T00:00:00Z"), t).getSeconds() + 1,
                Schedules.intervalCount(
                                second, Instant.parse("1990-01-01T00:00:00Z").minusMillis(1), t)
                        .getAsLong());
    }

    @Test
    void backfillsAreCountedBoundedAndFollowTheOverlapPolicy(@TempDir Path home) throws Exception {
        PipelineSpec spec = PipelineSpecParser.parse(PIPELINE, TestSupport.specs(home));
        try (Stack stack = TestSupport.startStack(TestSupport.config(home));
                MlaWorker worker =
                        TestSupport.worker(stack, Set.of("workflows", "cpu", "gpu"), 1000)) {
            worker.start();
            Schedules s =
                    new Schedules(
                            stack.scheduleClient(), stack.workflowClient(), stack.temporalTarget());
            s.create(
                    "tick",
                    spec,
                    "",
                    Duration.ofSeconds(1),
                    "skip",
                    Duration.ofMinutes(1),
                    "",
                    true);
            s.create("nightly", spec, "0 2 * * *", null, "skip", Duration.ofMinutes(1), "", true);

            // decades: refused at once, with the count, and nothing starts
            Instant from = Instant.parse("1990-01-01T00:00:00Z");
            Instant to = Instant.parse("2025-01-01T00:00:00Z");
            long t0 = System.nanoTime();
            String e =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            s.backfill(
                                                    "tick",
                                                    from,
                                                    to,
                                                    Schedules.DEFAULT_MAX_RUNS,
                                                    Optional.empty()))
                            .getMessage();
            double refusedIn = (System.nanoTime() - t0) / 1e9;
            long seconds = Duration.between(from, to).getSeconds() + 1;
            assertTrue(
                    e.contains(String.format(java.util.Locale.ROOT, "%,d", seconds))
                            && e.contains("the limit is 100")
                            && e.contains("--max-runs")
                            && e.contains("nothing was started"),
                    e);
            assertTrue(refusedIn < 1.0, "refused after " + refusedIn + " s");
            t0 = System.nanoTime();
            String cron =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            s.backfill(
                                                    "nightly",
                                                    from,
                                                    to,
                                                    Schedules.DEFAULT_MAX_RUNS,
                                                    Optional.empty()))
                            .getMessage();
            double cronIn = (System.nanoTime() - t0) / 1e9;
            assertTrue(cron.contains("more than 100 (about 12,"), cron); // 35 years of nights
            assertTrue(
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            s.backfill(
                                                    "tick",
                                                    from,
                                                    from.plusSeconds(9),
                                                    5,
                                                    Optional.of("allow_all")))
                            .getMessage()
                            .contains("would start 10 pipeline runs; the limit is 5"));
            Thread.sleep(2000);
            assertTrue(s.runningRuns("tick").isEmpty() && s.runningRuns("nightly").isEmpty());
            assertTrue(s.describe("tick").contains("runs so far 0"), s.describe("tick"));

            // bounded, under skip: the first time starts, the others fall while it runs
            Instant start =
                    Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
            Schedules.BackfillPlan plan =
                    s.backfill(
                            "tick",
                            start,
                            start.plusSeconds(4),
                            Schedules.DEFAULT_MAX_RUNS,
                            Optional.empty());
            assertEquals(5, plan.runs());
            assertEquals(
                    io.temporal.api.enums.v1.ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP,
                    plan.overlap());
            await("the backfilled run to start", 120, () -> s.runningRuns("tick").size() == 1);
            await(
                    "the overlapping times to be skipped",
                    60,
                    () ->
                            stack.scheduleClient()
                                            .getHandle("tick")
                                            .describe()
                                            .getInfo()
                                            .getNumActionsSkippedOverlap()
                                    == 4);
            var info = stack.scheduleClient().getHandle("tick").describe().getInfo();
            assertEquals(1, info.getNumActions(), "runs started");
            assertEquals(1, s.runningRuns("tick").size());

            // stop what it started, after deleting the schedule
            s.delete("tick");
            List<String> stopped = s.stopRuns("tick", false);
            assertEquals(1, stopped.size());
            await("the run to stop", 120, () -> s.runningRuns("tick").isEmpty());
            assertTrue(s.stopRuns("tick", false).isEmpty());
            System.out.printf(
                    "backfill: 1990-2025 of an every-1s schedule refused in %.3f s (%s); of a nightly cron"
                            + " in %.3f s; 5 times under skip: %d started, %d skipped; stop-runs stopped %s%n",
                    refusedIn,
                    e.substring(e.indexOf("would start"), e.indexOf(" pipeline runs")),
                    cronIn,
                    info.getNumActions(),
                    info.getNumActionsSkippedOverlap(),
                    stopped);
            s.delete("nightly");
        }
    }

    private static void await(String what, int seconds, BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!done.getAsBoolean()) {
            assertFalse(
                    System.currentTimeMillis() > deadline, "waited " + seconds + " s for " + what);
            Thread.sleep(250);
        }
    }
}
