package io.mlaops.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.metadata.POJOActivityImplMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;

/**
 * Counts every activity attempt this worker starts, by activity type and whether it is the first
 * attempt or a retry: {@code mla_activity_attempts_total{activity_type, attempt="first"|"retry"}}.
 * A retry is what Temporal schedules after a failed attempt, a timed-out one (a heartbeat that
 * stopped: a crashed worker) or a drained one, so the retries counted on all workers together show
 * retries rising even when the failed attempt's worker is gone and never reported it.
 *
 * <p>Both counters of every activity type a worker serves exist from its start ({@link #expect}),
 * at zero, so that {@code increase()} sees a first retry on a fresh worker.
 */
public final class ActivityAttempts extends WorkerInterceptorBase {
    private final MeterRegistry registry;

    ActivityAttempts(MeterRegistry registry) {
        this.registry = registry;
    }

    private Counter counter(String activityType, boolean retry) {
        return Counter.builder("mla.activity.attempts")
                .tag("activity_type", activityType)
                .tag("attempt", retry ? "retry" : "first")
                .description("activity attempts started on this worker, first ones and retries")
                .register(registry);
    }

    /**
     * Registers both counters of every activity type the given implementations serve.
     *
     * @param implementations activity implementation objects, as registered with a worker
     */
    public void expect(Object... implementations) {
        for (Object impl : implementations) {
            for (POJOActivityMethodMetadata m :
                    POJOActivityImplMetadata.newInstance(impl.getClass()).getActivityMethods()) {
                counter(m.getActivityTypeName(), false);
                counter(m.getActivityTypeName(), true);
            }
        }
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            private ActivityExecutionContext context;

            @Override
            public void init(ActivityExecutionContext ctx) {
                context = ctx;
                super.init(ctx);
            }

            @Override
            public ActivityOutput execute(ActivityInput input) {
                counter(context.getInfo().getActivityType(), context.getInfo().getAttempt() > 1)
                        .increment();
                return super.execute(input);
            }
        };
    }
}
