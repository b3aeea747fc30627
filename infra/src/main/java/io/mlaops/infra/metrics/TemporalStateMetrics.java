package io.mlaops.infra.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.workflows.promotion.PipelineOutcome;
import io.mlaops.workflows.promotion.PromotionPipelineWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleListActionStartWorkflow;
import io.temporal.client.schedules.ScheduleListDescription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Temporal knows about the platform, asked every interval and exported as metrics, so that
 * alerts can say what no single worker can see about itself. Run by every process that serves the
 * workflows queue (the {@code dev up} stack, {@code mla worker --queues workflows,...}); with
 * several such workers each exports the same values, and the alert rules take the maximum.
 *
 * <ul>
 *   <li>{@code mla_task_queue_pollers{task_queue, task_type}}: workers that polled the queue in the
 *       last {@link #POLLER_FRESH} (Temporal lists a poller for minutes after it is gone; a live
 *       idle worker polls again at least every minute; a busy one with no free slot does not poll).
 *   <li>per scheduled pipeline ({@code mla schedule create}: schedules that start a {@link
 *       PromotionPipelineWorkflow}), label {@code schedule}: {@code mla_schedule_paused}, {@code
 *       mla_schedule_next_action_timestamp_seconds} (Unix time of the next run Temporal plans),
 *       {@code mla_schedule_last_action_timestamp_seconds}, {@code mla_schedule_actions_total},
 *       {@code mla_schedule_missed_catchup_window_total} (runs dropped because Temporal was down
 *       longer than the catch-up window), {@code mla_schedule_skipped_overlap_total} (runs skipped
 *       because the previous one still ran), {@code mla_schedule_failures_in_row} (how many of the
 *       newest finished runs failed, back to the last success) and {@code
 *       mla_schedule_rejections_in_row} (how many of the newest successful runs the promotion gate
 *       kept the champion for, back to the last promotion). Both streaks read the runs Temporal
 *       keeps in the schedule's recent actions (the last 10), so they survive a restart of this
 *       process; cancelled and terminated runs (a person's or the overlap policy's doing) count as
 *       neither.
 *   <li>{@code mla_temporal_state_poll_timestamp_seconds}: when Temporal last answered every
 *       question (starts at this exporter's start); {@code mla_temporal_state_poll_failures_total}.
 * </ul>
 */
public final class TemporalStateMetrics implements AutoCloseable {
    /** A poller that polled longer ago than this is not counted. */
    public static final Duration POLLER_FRESH = Duration.ofMinutes(2);

    /** Default of {@code MLA_STATE_POLL_SECONDS}. */
    public static final int DEFAULT_INTERVAL_SECONDS = 15;

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(TemporalStateMetrics.class);

    /** How a scheduled run ended, as far as the streaks are concerned. */
    enum Outcome {
        RUNNING,
        PROMOTED,
        KEPT,
        FAILED,
        /** cancelled or terminated: a person's or the overlap policy's doing */
        STOPPED,
        /** completed with a result this build cannot read */
        UNKNOWN
    }

    private record Queue(String name, TaskQueueType type, String label) {}

    private static final List<Queue> QUEUES =
            List.of(
                    new Queue(
                            TaskQueues.WORKFLOWS,
                            TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
                            "workflow"),
                    new Queue(TaskQueues.CPU, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, "activity"),
                    new Queue(TaskQueues.GPU, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, "activity"));

    /** The values behind one schedule's meters. */
    private static final class ScheduleState {
        final AtomicReference<Double> paused = new AtomicReference<>(0.0);
        final AtomicReference<Double> next = new AtomicReference<>(Double.NaN);
        final AtomicReference<Double> last = new AtomicReference<>(Double.NaN);
        final AtomicReference<Double> failures = new AtomicReference<>(0.0);
        final AtomicReference<Double> rejections = new AtomicReference<>(0.0);
        volatile double actions;
        volatile double missed;
        volatile double skipped;
        final List<Meter> meters = new ArrayList<>();
    }

    private final MeterRegistry registry;
    private final WorkflowClient client;
    private final ScheduleClient schedules;
    private final String namespace;
    private final Clock clock;
    private final Map<Queue, AtomicReference<Double>> pollers = new HashMap<>();
    private final Map<String, ScheduleState> bySchedule = new ConcurrentHashMap<>();
    private final Map<String, Outcome> finished = new HashMap<>(); // run id -> final outcome
    private final AtomicReference<Double> polled;
    private final io.micrometer.core.instrument.Counter failures;
    private volatile ScheduledExecutorService timer;
    private boolean failing;

    /**
     * @param registry where the meters go
     * @param client the Temporal client of the worker
     * @param clock the time pollers' last polls are compared with
     */
    TemporalStateMetrics(MeterRegistry registry, WorkflowClient client, Clock clock) {
        this.registry = registry;
        this.client = client;
        this.clock = clock;
        this.namespace = client.getOptions().getNamespace();
        this.schedules =
                ScheduleClient.newInstance(
                        client.getWorkflowServiceStubs(),
                        ScheduleClientOptions.newBuilder().setNamespace(namespace).build());
        for (Queue q : QUEUES) {
            AtomicReference<Double> v = new AtomicReference<>(Double.NaN);
            Gauge.builder("mla.task.queue.pollers", v, AtomicReference::get)
                    .tag("task_queue", q.name())
                    .tag("task_type", q.label())
                    .description(
                            "workers that polled this task queue in the last "
                                    + POLLER_FRESH.toSeconds()
                                    + " s, as Temporal saw them")
                    .register(registry);
            pollers.put(q, v);
        }
        polled = new AtomicReference<>(clock.millis() / 1000.0);
        Gauge.builder("mla.temporal.state.poll.timestamp", polled, AtomicReference::get)
                .baseUnit("seconds")
                .description(
                        "when Temporal last answered this worker's questions about schedules and task queues (Unix time)")
                .register(registry);
        failures =
                io.micrometer.core.instrument.Counter.builder("mla.temporal.state.poll.failures")
                        .description("polls of Temporal's schedules and task queues that failed")
                        .register(registry);
    }

    /**
     * @param env environment variables
     * @return {@code MLA_STATE_POLL_SECONDS} (1 to 3600), default {@value
     *     #DEFAULT_INTERVAL_SECONDS}
     * @throws IllegalArgumentException naming the variable when it is not such a number
     */
    public static Duration interval(Map<String, String> env) {
        String v = env.get("MLA_STATE_POLL_SECONDS");
        if (v == null || v.isBlank()) {
            return Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS);
        }
        try {
            int s = Integer.parseInt(v.trim());
            if (s < 1 || s > 3600) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "MLA_STATE_POLL_SECONDS '" + v + "': expected whole seconds from 1 to 3600");
        }
    }

    /**
     * Polls every {@code every}, on a daemon thread of its own.
     *
     * @return this
     */
    synchronized TemporalStateMetrics start(Duration every) {
        if (timer == null) {
            timer =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "mla-temporal-state-metrics");
                                t.setDaemon(true);
                                return t;
                            });
            // the first poll after one interval: a worker that has just started polling has not
            // reached Temporal's list of pollers yet
            timer.scheduleWithFixedDelay(
                    this::pollQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void pollQuietly() {
        try {
            poll();
            if (failing) {
                LOG.info("mla: Temporal answers again: schedule and task queue metrics are fresh");
            }
            failing = false;
        } catch (RuntimeException e) {
            failures.increment();
            if (!failing) {
                // once per outage, not every interval
                LOG.warn(
                        "mla: cannot read schedules and task queues from Temporal (metrics go stale): {}",
                        e.getMessage());
            }
            failing = true;
        }
    }

    /**
     * Asks Temporal once and updates every meter.
     *
     * @throws RuntimeException when Temporal does not answer
     */
    synchronized void poll() {
        long now = clock.millis();
        for (Queue q : QUEUES) {
            pollers.get(q).set((double) pollers(q, now));
        }
        Set<String> seen = new HashSet<>();
        Set<String> runs = new HashSet<>();
        List<ScheduleListDescription> listed =
                schedules.listSchedules().filter(TemporalStateMetrics::isPipeline).toList();
        for (ScheduleListDescription d : listed) {
            String id = d.getScheduleId();
            ScheduleDescription desc;
            try {
                desc = schedules.getHandle(id).describe();
            } catch (RuntimeException e) {
                if (notFound(e)) {
                    continue; // deleted since it was listed
                }
                throw e;
            }
            seen.add(id);
            update(id, desc, runs);
        }
        for (String gone : new ArrayList<>(bySchedule.keySet())) {
            if (!seen.contains(gone)) {
                bySchedule.remove(gone).meters.forEach(registry::remove);
            }
        }
        finished.keySet().retainAll(runs);
        polled.set(clock.millis() / 1000.0);
    }

    private static boolean isPipeline(ScheduleListDescription d) {
        return d.getSchedule() != null
                && d.getSchedule().getAction() instanceof ScheduleListActionStartWorkflow a
                && PromotionPipelineWorkflow.class.getSimpleName().equals(a.getWorkflow());
    }

    private static boolean notFound(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.grpc.StatusRuntimeException s
                    && s.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
                return true;
            }
        }
        return false;
    }

    private int pollers(Queue q, long nowMillis) {
        DescribeTaskQueueResponse r =
                client.getWorkflowServiceStubs()
                        .blockingStub()
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .describeTaskQueue(
                                DescribeTaskQueueRequest.newBuilder()
                                        .setNamespace(namespace)
                                        .setTaskQueue(
                                                TaskQueue.newBuilder()
                                                        .setName(q.name())
                                                        .setKind(
                                                                TaskQueueKind
                                                                        .TASK_QUEUE_KIND_NORMAL))
                                        .setTaskQueueType(q.type())
                                        .build());
        return freshPollers(r.getPollersList(), nowMillis);
    }

    /**
     * @return distinct identities among {@code pollers} that polled within {@link #POLLER_FRESH} of
     *     {@code nowMillis}
     */
    static int freshPollers(List<PollerInfo> pollers, long nowMillis) {
        Set<String> fresh = new HashSet<>();
        for (PollerInfo p : pollers) {
            long at =
                    p.getLastAccessTime().getSeconds() * 1000
                            + p.getLastAccessTime().getNanos() / 1_000_000;
            if (nowMillis - at <= POLLER_FRESH.toMillis()) {
                fresh.add(p.getIdentity());
            }
        }
        return fresh.size();
    }

    private void update(String id, ScheduleDescription d, Set<String> runs) {
        ScheduleState s = bySchedule.computeIfAbsent(id, this::register);
        ScheduleInfo info = d.getInfo();
        s.paused.set(d.getSchedule().getState().isPaused() ? 1.0 : 0.0);
        s.next.set(
                info.getNextActionTimes().stream()
                        .min(Comparator.naturalOrder())
                        .map(TemporalStateMetrics::seconds)
                        .orElse(Double.NaN));
        List<ScheduleActionResult> recent = new ArrayList<>(info.getRecentActions());
        // Temporal lists them oldest first; reversed first so that runs started at the same
        // instant keep their order under the (stable) sort below
        java.util.Collections.reverse(recent);
        recent.sort(
                Comparator.comparing(
                                (ScheduleActionResult a) ->
                                        a.getStartedAt() == null ? Instant.EPOCH : a.getStartedAt())
                        .reversed());
        s.last.set(
                recent.isEmpty() || recent.get(0).getStartedAt() == null
                        ? Double.NaN
                        : seconds(recent.get(0).getStartedAt()));
        List<Outcome> newestFirst = new ArrayList<>();
        for (ScheduleActionResult a : recent) {
            if (a.getAction() instanceof ScheduleActionExecutionStartWorkflow w) {
                runs.add(w.getFirstExecutionRunId());
                newestFirst.add(outcome(w.getWorkflowId(), w.getFirstExecutionRunId()));
            }
        }
        s.failures.set((double) failuresInRow(newestFirst));
        s.rejections.set((double) rejectionsInRow(newestFirst));
        s.actions = info.getNumActions();
        s.missed = info.getNumActionsMissedCatchupWindow();
        s.skipped = info.getNumActionsSkippedOverlap();
    }

    private ScheduleState register(String id) {
        ScheduleState s = new ScheduleState();
        s.meters.add(
                gauge("mla.schedule.paused", id, s.paused, null, "1 while the schedule is paused"));
        s.meters.add(
                gauge(
                        "mla.schedule.next.action.timestamp",
                        id,
                        s.next,
                        "seconds",
                        "when Temporal plans the schedule's next run (Unix time)"));
        s.meters.add(
                gauge(
                        "mla.schedule.last.action.timestamp",
                        id,
                        s.last,
                        "seconds",
                        "when the schedule's newest run started (Unix time)"));
        s.meters.add(
                gauge(
                        "mla.schedule.failures.in.row",
                        id,
                        s.failures,
                        null,
                        "newest finished runs of the schedule that failed, back to its last success"));
        s.meters.add(
                gauge(
                        "mla.schedule.rejections.in.row",
                        id,
                        s.rejections,
                        null,
                        "newest successful runs whose candidate the promotion gate rejected, back to the last promotion"));
        s.meters.add(
                FunctionCounter.builder("mla.schedule.actions", s, x -> x.actions)
                        .tag("schedule", id)
                        .description("runs the schedule started (scheduled, triggered, backfilled)")
                        .register(registry));
        s.meters.add(
                FunctionCounter.builder("mla.schedule.missed.catchup.window", s, x -> x.missed)
                        .tag("schedule", id)
                        .description(
                                "runs dropped because Temporal was unavailable longer than the catch-up window")
                        .register(registry));
        s.meters.add(
                FunctionCounter.builder("mla.schedule.skipped.overlap", s, x -> x.skipped)
                        .tag("schedule", id)
                        .description(
                                "runs skipped by the overlap policy: the previous run still ran")
                        .register(registry));
        return s;
    }

    private Meter gauge(
            String name, String schedule, AtomicReference<Double> v, String unit, String help) {
        Gauge.Builder<AtomicReference<Double>> b =
                Gauge.builder(name, v, AtomicReference::get)
                        .tag("schedule", schedule)
                        .description(help);
        if (unit != null) {
            b.baseUnit(unit);
        }
        return b.register(registry);
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    /** The outcome of one scheduled run; final ones are asked once. */
    private Outcome outcome(String workflowId, String runId) {
        Outcome known = finished.get(runId);
        if (known != null) {
            return known;
        }
        WorkflowExecutionStatus status =
                client.getWorkflowServiceStubs()
                        .blockingStub()
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .describeWorkflowExecution(
                                DescribeWorkflowExecutionRequest.newBuilder()
                                        .setNamespace(namespace)
                                        .setExecution(
                                                WorkflowExecution.newBuilder()
                                                        .setWorkflowId(workflowId)
                                                        .setRunId(runId))
                                        .build())
                        .getWorkflowExecutionInfo()
                        .getStatus();
        Outcome o =
                switch (status) {
                    case WORKFLOW_EXECUTION_STATUS_COMPLETED -> completed(workflowId, runId);
                    case WORKFLOW_EXECUTION_STATUS_FAILED, WORKFLOW_EXECUTION_STATUS_TIMED_OUT ->
                            Outcome.FAILED;
                    case WORKFLOW_EXECUTION_STATUS_CANCELED, WORKFLOW_EXECUTION_STATUS_TERMINATED ->
                            Outcome.STOPPED;
                    default -> Outcome.RUNNING;
                };
        if (o != Outcome.RUNNING) {
            finished.put(runId, o);
        }
        return o;
    }

    private Outcome completed(String workflowId, String runId) {
        try {
            PipelineOutcome r =
                    client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty())
                            .getResult(10, TimeUnit.SECONDS, PipelineOutcome.class);
            return r.decision() == null
                    ? Outcome.UNKNOWN
                    : r.decision().promoted() ? Outcome.PROMOTED : Outcome.KEPT;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "the result of the completed run " + workflowId + " did not come in 10 s", e);
        } catch (io.temporal.common.converter.DataConverterException e) {
            return Outcome.UNKNOWN;
        }
    }

    /**
     * @param newestFirst outcomes of a schedule's recent runs, newest first
     * @return how many of the newest finished runs failed, back to the last success (running,
     *     stopped and unreadable runs are passed over)
     */
    static int failuresInRow(List<Outcome> newestFirst) {
        int n = 0;
        for (Outcome o : newestFirst) {
            switch (o) {
                case FAILED -> n++;
                case PROMOTED, KEPT -> {
                    return n;
                }
                default -> {
                    // passed over
                }
            }
        }
        return n;
    }

    /**
     * @param newestFirst outcomes of a schedule's recent runs, newest first
     * @return how many of the newest successful runs kept the champion, back to the last promotion
     *     (running, failed, stopped and unreadable runs are passed over: the gate did not decide)
     */
    static int rejectionsInRow(List<Outcome> newestFirst) {
        int n = 0;
        for (Outcome o : newestFirst) {
            switch (o) {
                case KEPT -> n++;
                case PROMOTED -> {
                    return n;
                }
                default -> {
                    // passed over
                }
            }
        }
        return n;
    }

    @Override
    public void close() {
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdownNow();
        }
    }
}
