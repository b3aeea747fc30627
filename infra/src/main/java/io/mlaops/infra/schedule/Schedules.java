package io.mlaops.infra.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.workflows.promotion.PipelineSpec;
import io.mlaops.workflows.promotion.PromotionPipelineWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
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

    private final ScheduleClient client;
    private final String where;

    /**
     * @param client schedule client
     * @param where the Temporal address, for messages
     */
    public Schedules(ScheduleClient client, String where) {
        this.client = client;
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

    public void backfill(String id, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException(
                    "backfill --from " + from + " is not before --to " + to);
        }
        call(
                id,
                () -> {
                    handle(id)
                            .backfill(
                                    List.of(
                                            new ScheduleBackfill(
                                                    from,
                                                    to,
                                                    ScheduleOverlapPolicy
                                                            .SCHEDULE_OVERLAP_POLICY_ALLOW_ALL)));
                    return null;
                });
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
