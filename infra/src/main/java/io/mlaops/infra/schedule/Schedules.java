package io.mlaops.infra.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.workflows.promotion.PipelineSpec;
import io.mlaops.workflows.promotion.PromotionPipelineWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Scheduled pipelines on Temporal Schedules: each schedule starts a {@link
 * PromotionPipelineWorkflow} with a named pipeline spec. A Temporal without Schedules (Temporal's
 * Java test server, old clusters) fails every call with {@link SchedulesUnavailableException},
 * naming the alternatives.
 */
public final class Schedules {
    /**
     * Prefix of the workflow ids of scheduled runs: {@code pipeline-<schedule>-<scheduled time>}.
     */
    public static final String WORKFLOW_PREFIX = "pipeline-";

    /** Runs a backfill may start without {@code --max-runs}. */
    public static final int DEFAULT_MAX_RUNS = 100;

    /** The most runs {@code --max-runs} may allow. */
    public static final int MAX_RUNS_LIMIT = 10_000;

    /** Matching times Temporal lists per call (the scheduler's own page size). */
    private static final int PAGE = 1000;

    private final ScheduleClient client;
    private final WorkflowClient workflows;
    private final String where;

    /**
     * @param client schedule client
     * @param workflows the workflow client on the same connection and namespace (counting times,
     *     finding and stopping the runs a schedule started)
     * @param where the Temporal address, for messages
     */
    public Schedules(ScheduleClient client, WorkflowClient workflows, String where) {
        this.client = client;
        this.workflows = workflows;
        this.where = where;
    }

    /** Temporal answers that it has no Schedules. */
    public static final class SchedulesUnavailableException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        SchedulesUnavailableException(String where) {
            super(
                    "Temporal at "
                            + where
                            + " has no Schedules (Temporal's Java test server lacks them): "
                            + "unset TEMPORAL_ADDRESS to use the local server of './mla dev up', or point it at a Temporal cluster "
                            + "or at 'temporal server start-dev'");
        }
    }

    private <T> T call(Supplier<T> c) {
        return call(null, c);
    }

    /**
     * Runs a Schedules call; Temporal's answers become messages that name the schedule and what to
     * do (a missing schedule, a duplicate, a server without Schedules).
     */
    private <T> T call(String id, Supplier<T> c) {
        try {
            return c.get();
        } catch (io.temporal.client.schedules.ScheduleAlreadyRunningException e) {
            throw new IllegalArgumentException(
                    "schedule '"
                            + id
                            + "' already exists on Temporal at "
                            + where
                            + ": see it with 'mla schedule describe "
                            + id
                            + "', remove it with 'mla schedule delete "
                            + id
                            + "', or choose another name");
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                throw new SchedulesUnavailableException(where);
            }
            throw e;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof StatusRuntimeException s
                        && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                    throw new SchedulesUnavailableException(where);
                }
                if (id != null
                        && t instanceof StatusRuntimeException s
                        && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    throw new IllegalArgumentException(
                            "no schedule '"
                                    + id
                                    + "' on Temporal at "
                                    + where
                                    + " (list them with 'mla schedule list')");
                }
                if (t instanceof StatusRuntimeException s
                        && s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                    throw new IllegalArgumentException(
                            "Temporal refused the schedule"
                                    + (id == null ? "" : " '" + id + "'")
                                    + ": "
                                    + s.getStatus().getDescription());
                }
            }
            throw e;
        }
    }

    /**
     * @param id schedule id
     * @param pipeline what each run does
     * @param cron cron expression, or empty
     * @param every interval, or null (exactly one of cron and every)
     * @param overlap skip, buffer_one, buffer_all, cancel_other, terminate_other or allow_all
     * @param catchupWindow how far back missed runs are caught up
     * @param note note on the schedule
     * @param paused create paused
     */
    public void create(
            String id,
            PipelineSpec pipeline,
            String cron,
            Duration every,
            String overlap,
            Duration catchupWindow,
            String note,
            boolean paused) {
        ScheduleSpec.Builder spec = ScheduleSpec.newBuilder();
        if (!cron.isEmpty()) {
            CronCheck.check(cron);
            spec.setCronExpressions(List.of(cron));
        } else {
            spec.setIntervals(List.of(new ScheduleIntervalSpec(every)));
        }
        Schedule schedule =
                Schedule.newBuilder()
                        .setAction(
                                ScheduleActionStartWorkflow.newBuilder()
                                        .setWorkflowType(PromotionPipelineWorkflow.class)
                                        // Temporal appends the scheduled time: pipeline-<id>-<time>
                                        // names each run
                                        .setArguments(pipeline)
                                        .setOptions(
                                                WorkflowOptions.newBuilder()
                                                        .setWorkflowId(WORKFLOW_PREFIX + id)
                                                        .setTaskQueue(TaskQueues.WORKFLOWS)
                                                        .build())
                                        .build())
                        .setSpec(spec.build())
                        .setPolicy(
                                SchedulePolicy.newBuilder()
                                        .setOverlap(overlap(overlap))
                                        .setCatchupWindow(catchupWindow)
                                        .build())
                        .setState(
                                ScheduleState.newBuilder().setPaused(paused).setNote(note).build())
                        .build();
        call(id, () -> client.createSchedule(id, schedule, ScheduleOptions.newBuilder().build()));
    }

    /**
     * @param cron a cron expression
     * @throws IllegalArgumentException naming what is wrong (checked before anything is created)
     */
    public static void checkCron(String cron) {
        CronCheck.check(cron);
    }

    public static ScheduleOverlapPolicy overlap(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "skip" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP;
            case "buffer_one" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE;
            case "buffer_all" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL;
            case "cancel_other" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER;
            case "terminate_other" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER;
            case "allow_all" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
            default ->
                    throw new IllegalArgumentException(
                            "--overlap '"
                                    + s
                                    + "': expected skip, buffer_one, buffer_all, cancel_other, terminate_other or allow_all");
        };
    }

    /**
     * @return one line per schedule
     */
    public List<String> list() {
        return call(
                () -> {
                    List<String> out = new ArrayList<>();
                    client.listSchedules()
                            .forEach(
                                    (ScheduleListDescription d) ->
                                            out.add(
                                                    d.getScheduleId()
                                                            + (d.getSchedule().getState().isPaused()
                                                                    ? "  (paused)"
                                                                    : "")));
                    return out;
                });
    }

    /**
     * @return a description: spec (the calendar the server stores, as cron), policy, state, recent
     *     and next runs
     */
    public String describe(String id) {
        return call(
                id,
                () -> {
                    ScheduleDescription d = handle(id).describe();
                    StringBuilder b = new StringBuilder(id + "\n");
                    ScheduleSpec sp = d.getSchedule().getSpec();
                    List<String> when = new ArrayList<>();
                    sp.getCronExpressions().forEach(c -> when.add("cron '" + c + "'"));
                    sp.getCalendars().forEach(c -> when.add("cron '" + CronCheck.format(c) + "'"));
                    sp.getIntervals()
                            .forEach(
                                    i ->
                                            when.add(
                                                    "every "
                                                            + i.getEvery()
                                                                    .toString()
                                                                    .substring(2)
                                                                    .toLowerCase(Locale.ROOT)
                                                            + (i.getOffset() == null
                                                                            || i.getOffset()
                                                                                    .isZero()
                                                                    ? ""
                                                                    : " offset " + i.getOffset())));
                    b.append("  runs ")
                            .append(when.isEmpty() ? "(no times)" : String.join(" and ", when))
                            .append(" (UTC)\n");
                    b.append("  overlap ")
                            .append(d.getSchedule().getPolicy().getOverlap())
                            .append(", catch-up window ")
                            .append(d.getSchedule().getPolicy().getCatchupWindow())
                            .append('\n');
                    b.append("  paused ")
                            .append(d.getSchedule().getState().isPaused())
                            .append(", note '")
                            .append(d.getSchedule().getState().getNote())
                            .append("'\n");
                    b.append("  runs so far ")
                            .append(d.getInfo().getNumActions())
                            .append(", dropped after an outage longer than the catch-up window ")
                            .append(d.getInfo().getNumActionsMissedCatchupWindow())
                            .append(", skipped by the overlap policy ")
                            .append(d.getInfo().getNumActionsSkippedOverlap())
                            .append(", running ")
                            .append(d.getInfo().getRunningActions().size())
                            .append(", next ")
                            .append(d.getInfo().getNextActionTimes());
                    d.getInfo()
                            .getRecentActions()
                            .forEach(
                                    a -> {
                                        b.append("\n  ran at ")
                                                .append(a.getStartedAt())
                                                .append(" (scheduled ")
                                                .append(a.getScheduledAt())
                                                .append(')');
                                        if (a.getAction()
                                                instanceof
                                                io.temporal.client.schedules
                                                                .ScheduleActionExecutionStartWorkflow
                                                        w) {
                                            // the id to look the run up by (Temporal UI, CLI)
                                            b.append(": workflow ").append(w.getWorkflowId());
                                        }
                                    });
                    return b.toString();
                });
    }

    public void pause(String id, String note) {
        call(
                id,
                () -> {
                    handle(id).pause(note);
                    return null;
                });
    }

    public void unpause(String id, String note) {
        call(
                id,
                () -> {
                    handle(id).unpause(note);
                    return null;
                });
    }

    public void trigger(String id) {
        call(
                id,
                () -> {
                    handle(id).trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
                    return null;
                });
    }

    /**
     * What a backfill would start, counted before anything starts.
     *
     * @param runs the number of scheduled times in the window (exact when {@code exact}, else a
     *     lower bound, or an estimate from the schedule's rate when {@code estimated})
     * @param exact whether {@code runs} is the exact count
     * @param estimate for a count over the limit of a calendar schedule: the window's times at the
     *     rate of the first ones (0 when not estimated)
     * @param overlap the overlap policy the runs start under
     * @param first the first scheduled time in the window, if any
     */
    public record BackfillPlan(
            long runs,
            boolean exact,
            long estimate,
            ScheduleOverlapPolicy overlap,
            java.util.Optional<Instant> first) {}

    /**
     * Counts the runs a backfill of {@code [from, to]} would start (as Temporal's scheduler matches
     * times, the window's start included), refuses more than {@code maxRuns} before starting any,
     * and otherwise asks Temporal for the backfill under {@code overlap} (by default the schedule's
     * own policy: with {@code skip}, a time is skipped while an earlier run still runs).
     *
     * @param maxRuns the most runs allowed, 1..{@value #MAX_RUNS_LIMIT}
     * @param overlap the policy for the backfilled runs; empty: the schedule's own
     * @return what was asked for
     * @throws IllegalArgumentException naming the count and the limit when the window holds more
     *     runs, or a window that is empty or reversed
     */
    public BackfillPlan backfill(
            String id, Instant from, Instant to, int maxRuns, java.util.Optional<String> overlap) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException(
                    "backfill --from " + from + " is not before --to " + to);
        }
        if (maxRuns < 1 || maxRuns > MAX_RUNS_LIMIT) {
            throw new IllegalArgumentException(
                    "--max-runs " + maxRuns + ": expected 1.." + MAX_RUNS_LIMIT);
        }
        ScheduleOverlapPolicy policy = overlap.map(Schedules::overlap).orElse(null);
        return call(
                id,
                () -> {
                    ScheduleDescription d = handle(id).describe();
                    ScheduleOverlapPolicy p =
                            policy != null ? policy : d.getSchedule().getPolicy().getOverlap();
                    BackfillPlan plan = count(id, d.getSchedule().getSpec(), from, to, maxRuns, p);
                    if (plan.runs() > maxRuns) {
                        throw new IllegalArgumentException(tooMany(id, from, to, plan, maxRuns));
                    }
                    if (plan.runs() > 0) {
                        handle(id).backfill(List.of(new ScheduleBackfill(from, to, p)));
                    }
                    return plan;
                });
    }

    private static String tooMany(
            String id, Instant from, Instant to, BackfillPlan plan, int maxRuns) {
        String count =
                plan.exact()
                        ? String.format(Locale.ROOT, "%,d", plan.runs())
                        : plan.estimate() > 0
                                ? String.format(
                                        Locale.ROOT,
                                        "more than %,d (about %,d at the schedule's rate)",
                                        maxRuns,
                                        plan.estimate())
                                : String.format(Locale.ROOT, "more than %,d", maxRuns);
        return "backfill of schedule '"
                + id
                + "' from "
                + from
                + " to "
                + to
                + " would start "
                + count
                + " pipeline runs; the limit is "
                + maxRuns
                + ": narrow --from/--to, or allow more with --max-runs N (at most "
                + MAX_RUNS_LIMIT
                + "); nothing was started";
    }

    /**
     * Counts the scheduled times in {@code [from, to]}: exactly by arithmetic for an interval
     * schedule, else by asking Temporal for the matching times a page at a time until the count is
     * known or over {@code limit}.
     */
    private BackfillPlan count(
            String id,
            ScheduleSpec spec,
            Instant from,
            Instant to,
            int limit,
            ScheduleOverlapPolicy overlap) {
        // the scheduler matches times after its start: a backfill starts 1 ms before --from
        Instant start = from.minusMillis(1);
        java.util.OptionalLong arithmetic = intervalCount(spec, start, to);
        List<Instant> first = new ArrayList<>();
        long seen = 0;
        Instant cursor = start;
        while (true) {
            var resp =
                    workflows
                            .getWorkflowServiceStubs()
                            .blockingStub()
                            .listScheduleMatchingTimes(
                                    io.temporal.api.workflowservice.v1
                                            .ListScheduleMatchingTimesRequest.newBuilder()
                                            .setNamespace(workflows.getOptions().getNamespace())
                                            .setScheduleId(id)
                                            .setStartTime(timestamp(cursor))
                                            .setEndTime(timestamp(to))
                                            .build());
            List<Instant> page =
                    resp.getStartTimeList().stream()
                            .map(t -> Instant.ofEpochSecond(t.getSeconds(), t.getNanos()))
                            .toList();
            if (first.isEmpty() && !page.isEmpty()) {
                first.add(page.get(0));
            }
            seen += page.size();
            if (page.size() < PAGE) { // the server's own count: all of them
                return new BackfillPlan(seen, true, 0, overlap, first.stream().findFirst());
            }
            if (arithmetic.isPresent()) { // more than a page of an interval: the exact number
                return new BackfillPlan(
                        arithmetic.getAsLong(), true, 0, overlap, first.stream().findFirst());
            }
            if (seen > limit) {
                Instant last = page.get(page.size() - 1);
                long spanned = java.time.Duration.between(start, last).toMillis();
                long estimate =
                        spanned <= 0
                                ? 0
                                : (long)
                                        (seen
                                                * (double)
                                                        java.time.Duration.between(start, to)
                                                                .toMillis()
                                                / spanned);
                return new BackfillPlan(seen, false, estimate, overlap, first.stream().findFirst());
            }
            cursor = page.get(page.size() - 1);
        }
    }

    /**
     * @return the exact number of times in {@code (start, to]} of a schedule made only of intervals
     *     (no calendars, no exclusions), else empty: times are {@code offset + k * every} from the
     *     epoch, within the spec's own start and end
     */
    static java.util.OptionalLong intervalCount(ScheduleSpec spec, Instant start, Instant to) {
        if (none(spec.getIntervals())
                || !none(spec.getCalendars())
                || !none(spec.getCronExpressions())
                || !none(spec.getSkip())
                || spec.getIntervals().size() > 1) {
            return java.util.OptionalLong.empty();
        }
        Instant a =
                spec.getStartAt() != null && spec.getStartAt().isAfter(start)
                        ? spec.getStartAt().minusNanos(1)
                        : start;
        Instant b = spec.getEndAt() != null && spec.getEndAt().isBefore(to) ? spec.getEndAt() : to;
        if (!a.isBefore(b)) {
            return java.util.OptionalLong.of(0);
        }
        ScheduleIntervalSpec i = spec.getIntervals().get(0);
        java.time.Duration every = i.getEvery();
        java.time.Duration offset = i.getOffset() == null ? java.time.Duration.ZERO : i.getOffset();
        // k with a < offset + k*every <= b
        long hi = floorDiv(java.time.Duration.between(Instant.EPOCH, b).minus(offset), every);
        long lo = floorDiv(java.time.Duration.between(Instant.EPOCH, a).minus(offset), every);
        return java.util.OptionalLong.of(Math.max(0, hi - lo));
    }

    private static boolean none(List<?> l) {
        return l == null || l.isEmpty();
    }

    private static long floorDiv(java.time.Duration x, java.time.Duration d) {
        long q = x.dividedBy(d);
        return x.isNegative() && !d.multipliedBy(q).equals(x) ? q - 1 : q;
    }

    private static com.google.protobuf.Timestamp timestamp(Instant t) {
        return com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }

    /**
     * @param id a schedule id
     * @return the runs it started that still run, by workflow id (Temporal tags each with the
     *     schedule's id, {@code TemporalScheduledById}); also after the schedule was deleted
     */
    public List<String> runningRuns(String id) {
        return call(
                () ->
                        workflows
                                .listExecutions(
                                        "TemporalScheduledById = '"
                                                + id.replace("'", "")
                                                + "' AND ExecutionStatus = 'Running'")
                                .map(m -> m.getExecution().getWorkflowId())
                                .sorted()
                                .toList());
    }

    /**
     * Stops the runs a schedule started that still run: a cancel each (a training checkpoints and
     * stops), or with {@code terminate} at once.
     *
     * @return the workflow ids asked to stop
     */
    public List<String> stopRuns(String id, boolean terminate) {
        List<String> running = runningRuns(id);
        for (String w : running) {
            call(
                    () -> {
                        io.temporal.client.WorkflowStub stub = workflows.newUntypedWorkflowStub(w);
                        try {
                            if (terminate) {
                                stub.terminate("stopped with 'mla schedule stop-runs " + id + "'");
                            } else {
                                stub.cancel();
                            }
                        } catch (io.temporal.client.WorkflowNotFoundException e) {
                            // ended meanwhile
                        }
                        return null;
                    });
        }
        return running;
    }

    /**
     * @return whether schedule {@code id} is paused
     */
    public boolean paused(String id) {
        return call(id, () -> handle(id).describe().getSchedule().getState().isPaused());
    }

    public void delete(String id) {
        call(
                id,
                () -> {
                    handle(id).delete();
                    return null;
                });
    }

    private ScheduleHandle handle(String id) {
        return client.getHandle(id);
    }
}
