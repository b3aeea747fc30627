package io.mlaops.infra.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.workflows.promotion.PromotionPipelineWorkflow;
import io.mlaops.workflows.promotion.PipelineSpec;
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
 * Scheduled pipelines on Temporal Schedules: each schedule starts a {@link PromotionPipelineWorkflow}
 * with a named pipeline spec. Temporal's Java test server (the embedded default) has no
 * Schedules: every call then fails with {@link SchedulesUnavailableException}, naming the
 * alternatives.
 */
public final class Schedules {
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
            super("Temporal at " + where + " has no Schedules (Temporal's Java test server, the embedded default, lacks them): "
                    + "set TEMPORAL_ADDRESS to a Temporal cluster or to the Temporal CLI dev server ('temporal server start-dev')");
        }
    }

    private <T> T call(Supplier<T> c) {
        try {
            return c.get();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                throw new SchedulesUnavailableException(where);
            }
            throw e;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                    throw new SchedulesUnavailableException(where);
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
    public void create(String id, PipelineSpec pipeline, String cron, Duration every, String overlap, Duration catchupWindow,
            String note, boolean paused) {
        ScheduleSpec.Builder spec = ScheduleSpec.newBuilder();
        if (!cron.isEmpty()) {
            spec.setCronExpressions(List.of(cron));
        } else {
            spec.setIntervals(List.of(new ScheduleIntervalSpec(every)));
        }
        Schedule schedule = Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder().setWorkflowType(PromotionPipelineWorkflow.class)
                        .setArguments(pipeline).setOptions(WorkflowOptions.newBuilder().setWorkflowId("pipeline-" + id)
                                .setTaskQueue(TaskQueues.WORKFLOWS).build()).build())
                .setSpec(spec.build())
                .setPolicy(SchedulePolicy.newBuilder().setOverlap(overlap(overlap)).setCatchupWindow(catchupWindow).build())
                .setState(ScheduleState.newBuilder().setPaused(paused).setNote(note).build())
                .build();
        call(() -> client.createSchedule(id, schedule, ScheduleOptions.newBuilder().build()));
    }

    static ScheduleOverlapPolicy overlap(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "skip" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP;
            case "buffer_one" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE;
            case "buffer_all" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL;
            case "cancel_other" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER;
            case "terminate_other" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER;
            case "allow_all" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
            default -> throw new IllegalArgumentException("--overlap '" + s
                    + "': expected skip, buffer_one, buffer_all, cancel_other, terminate_other or allow_all");
        };
    }

    /** @return one line per schedule */
    public List<String> list() {
        return call(() -> {
            List<String> out = new ArrayList<>();
            client.listSchedules().forEach((ScheduleListDescription d) -> out.add(d.getScheduleId()
                    + (d.getSchedule().getState().isPaused() ? "  (paused)" : "")));
            return out;
        });
    }

    /** @return a description: spec, policy, state, recent and next runs */
    public String describe(String id) {
        return call(() -> {
            ScheduleDescription d = handle(id).describe();
            StringBuilder b = new StringBuilder(id + "\n");
            b.append("  spec: cron ").append(d.getSchedule().getSpec().getCronExpressions()).append(", intervals ")
                    .append(d.getSchedule().getSpec().getIntervals().stream().map(i -> i.getEvery().toString()).toList()).append('\n');
            b.append("  overlap ").append(d.getSchedule().getPolicy().getOverlap()).append(", catch-up window ")
                    .append(d.getSchedule().getPolicy().getCatchupWindow()).append('\n');
            b.append("  paused ").append(d.getSchedule().getState().isPaused()).append(", note '")
                    .append(d.getSchedule().getState().getNote()).append("'\n");
            b.append("  runs so far ").append(d.getInfo().getNumActions()).append(", next ").append(d.getInfo().getNextActionTimes());
            return b.toString();
        });
    }

    public void pause(String id, String note) {
        call(() -> {
            handle(id).pause(note);
            return null;
        });
    }

    public void unpause(String id, String note) {
        call(() -> {
            handle(id).unpause(note);
            return null;
        });
    }

    public void trigger(String id) {
        call(() -> {
            handle(id).trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
            return null;
        });
    }

    public void backfill(String id, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("backfill --from " + from + " is not before --to " + to);
        }
        call(() -> {
            handle(id).backfill(List.of(new ScheduleBackfill(from, to, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL)));
            return null;
        });
    }

    public void delete(String id) {
        call(() -> {
            handle(id).delete();
            return null;
        });
    }

    private ScheduleHandle handle(String id) {
        return client.getHandle(id);
    }
}
