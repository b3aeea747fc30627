package io.mlaops.infra.cli;

import io.mlaops.infra.schedule.PipelineSpecParser;
import io.mlaops.infra.schedule.Schedules;
import io.mlaops.infra.services.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mla schedule create | list | describe | pause | unpause | trigger | backfill | delete}.
 */
@Command(
        name = "schedule",
        mixinStandardHelpOptions = true,
        description =
                "Scheduled pipelines on Temporal Schedules (needs a Temporal cluster or the CLI dev server).",
        subcommands = {
            ScheduleCommand.Create.class,
            ScheduleCommand.ListCmd.class,
            ScheduleCommand.Describe.class,
            ScheduleCommand.Pause.class,
            ScheduleCommand.Unpause.class,
            ScheduleCommand.Trigger.class,
            ScheduleCommand.Backfill.class,
            ScheduleCommand.StopRuns.class,
            ScheduleCommand.Delete.class
        })
final class ScheduleCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(
                "Usage: mla schedule create|list|describe|pause|unpause|trigger|backfill|stop-runs|delete");
    }

    interface Action {
        void on(Schedules s) throws Exception;
    }

    static int with(Action a) throws Exception {
        try (Stack stack = Platform.connectTemporal()) {
            a.on(
                    new Schedules(
                            stack.scheduleClient(),
                            stack.workflowClient(),
                            stack.temporalTarget()));
            return 0;
        } catch (Schedules.SchedulesUnavailableException e) {
            System.err.println("mla: " + e.getMessage());
            return 1;
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a schedule running a named pipeline spec.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", description = "Schedule id")
        String id;

        @Option(names = "--pipeline", required = true, description = "Pipeline spec (YAML)")
        Path pipeline;

        @Option(names = "--cron", description = "Cron expression, e.g. '0 2 * * *'")
        String cron;

        @Option(names = "--every", description = "Interval, e.g. PT24H or 6h")
        String every;

        @Option(
                names = "--overlap",
                defaultValue = "skip",
                description =
                        "skip, buffer_one, buffer_all, cancel_other, terminate_other, allow_all")
        String overlap;

        @Option(
                names = "--catchup-window",
                defaultValue = "1h",
                description = "How far back missed runs are caught up. Default: ${DEFAULT-VALUE}")
        String catchup;

        @Option(names = "--note", defaultValue = "", description = "Note on the schedule")
        String note;

        @Option(names = "--paused", description = "Create it paused")
        boolean paused;

        @Override
        public Integer call() throws Exception {
            if ((cron == null) == (every == null)) {
                throw new IllegalArgumentException("give exactly one of --cron and --every");
            }
            // the id names every run's workflow (pipeline-<id>-<time>) and MLflow run (<id>-<time>)
            if (!id.matches(
                    "[A-Za-z0-9_-]{1," + io.mlaops.infra.sweep.SpecLimits.NAME_LENGTH + "}")) {
                throw new IllegalArgumentException(
                        "schedule id '"
                                + (id.length() > 80 ? id.substring(0, 80) + "..." : id)
                                + "': expected 1.."
                                + io.mlaops.infra.sweep.SpecLimits.NAME_LENGTH
                                + " letters, digits, '_' or '-'");
            }
            if (cron != null) {
                Schedules.checkCron(cron);
            }
            String text =
                    io.mlaops.model.util.TextFiles.read(
                            pipeline,
                            "a YAML pipeline spec (UTF-8 text)"); // names the file when it is
            // binary or missing
            var spec = PipelineSpecParser.parse(text, Platform.kinds());
            Duration interval = every == null ? null : duration("--every", every);
            if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("--every '" + every + "': expected at least 1s");
            }
            Schedules.overlap(overlap);
            Duration window = duration("--catchup-window", catchup);
            return with(
                    s -> {
                        s.create(
                                id,
                                spec,
                                cron == null ? "" : cron,
                                interval,
                                overlap,
                                window,
                                note,
                                paused);
                        System.out.println(
                                "created schedule "
                                        + id
                                        + " running pipeline "
                                        + spec.name()
                                        + (cron != null
                                                ? " on cron '" + cron + "' (UTC)"
                                                : " every " + every)
                                        + (paused ? " (paused)" : ""));
                    });
        }
    }

    static Duration duration(String flag, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(
                    flag + " is empty: expected e.g. 30m, 6h, 1d or PT6H");
        }
        try {
            String t = v.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(v.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    flag + " '" + v + "': expected e.g. 30m, 6h, 1d or PT6H");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List schedules.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return with(s -> s.list().forEach(System.out::println));
        }
    }

    @Command(
            name = "describe",
            mixinStandardHelpOptions = true,
            description = "Spec, policy, state and runs of a schedule.")
    static final class Describe implements Callable<Integer> {
        @Parameters(index = "0")
        String id;

        @Override
        public Integer call() throws Exception {
            return with(s -> System.out.println(s.describe(id)));
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pause a schedule (with a note).")
    static final class Pause implements Callable<Integer> {
        @Parameters(index = "0")
        String id;

        @Option(names = "--note", defaultValue = "paused with mla")
        String note;

        @Override
        public Integer call() throws Exception {
            return with(
                    s -> {
                        s.pause(id, note);
                        System.out.println("paused schedule " + id + " (note: " + note + ")");
                    });
        }
    }

    @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Unpause a schedule.")
    static final class Unpause implements Callable<Integer> {
        @Parameters(index = "0")
        String id;

        @Option(names = "--note", defaultValue = "unpaused with mla")
        String note;

        @Override
        public Integer call() throws Exception {
            return with(
                    s -> {
                        s.unpause(id, note);
                        System.out.println("unpaused schedule " + id);
                    });
        }
    }

    @Command(
            name = "trigger",
            mixinStandardHelpOptions = true,
            description = "Run a schedule's pipeline now.")
    static final class Trigger implements Callable<Integer> {
        @Parameters(index = "0")
        String id;

        @Override
        public Integer call() throws Exception {
            return with(
                    s -> {
                        s.trigger(id);
                        System.out.println(
                                "triggered schedule " + id + ": a pipeline run starts now");
                    });
        }
    }

    @Command(
            name = "backfill",
            mixinStandardHelpOptions = true,
            description = {
                "Run the pipeline for the scheduled times of a past window (its start included).",
                "The runs are counted first: more than --max-runs is refused before any starts."
                        + " They start under the schedule's overlap policy (skip: a time is skipped"
                        + " while an earlier run still runs) unless --overlap says otherwise."
            })
    static final class Backfill implements Callable<Integer> {
        @Parameters(index = "0")
        String id;

        @Option(
                names = "--from",
                required = true,
                description = "ISO instant, e.g. 2026-11-01T00:00:00Z")
        String from;

        @Option(names = "--to", required = true, description = "ISO instant")
        String to;

        @Option(
                names = "--max-runs",
                description =
                        "Most runs this backfill may start (1.."
                                + Schedules.MAX_RUNS_LIMIT
                                + "). Default: "
                                + Schedules.DEFAULT_MAX_RUNS)
        int maxRuns = Schedules.DEFAULT_MAX_RUNS;

        @Option(
                names = "--overlap",
                description =
                        "Overlap policy of the backfilled runs: skip, buffer_one, buffer_all,"
                                + " cancel_other, terminate_other or allow_all. Default: the schedule's")
        String overlap;

        @Override
        public Integer call() throws Exception {
            Instant f;
            Instant t;
            try {
                f = Instant.parse(from);
                t = Instant.parse(to);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "--from/--to: expected ISO instants like 2026-11-01T00:00:00Z");
            }
            if (maxRuns < 1 || maxRuns > Schedules.MAX_RUNS_LIMIT) {
                throw new IllegalArgumentException(
                        "--max-runs " + maxRuns + ": expected 1.." + Schedules.MAX_RUNS_LIMIT);
            }
            if (overlap != null) {
                Schedules.overlap(overlap);
            }
            return with(
                    s -> {
                        Schedules.BackfillPlan plan =
                                s.backfill(
                                        id, f, t, maxRuns, java.util.Optional.ofNullable(overlap));
                        String policy =
                                plan.overlap()
                                        .name()
                                        .replace("SCHEDULE_OVERLAP_POLICY_", "")
                                        .toLowerCase(java.util.Locale.ROOT);
                        System.out.println(
                                plan.runs() == 0
                                        ? "backfill of schedule "
                                                + id
                                                + ": no scheduled time between "
                                                + f
                                                + " and "
                                                + t
                                                + "; nothing started"
                                        : "backfill of schedule "
                                                + id
                                                + " requested: "
                                                + plan.runs()
                                                + " scheduled time(s) from "
                                                + plan.first()
                                                        .map(Instant::toString)
                                                        .orElse(f.toString())
                                                + " to "
                                                + t
                                                + ", overlap "
                                                + policy
                                                + (policy.equals("skip")
                                                        ? " (a time is skipped while an earlier run still runs)"
                                                        : ""));
                    });
        }
    }

    @Command(
            name = "stop-runs",
            mixinStandardHelpOptions = true,
            description = {
                "Stop the runs a schedule started that still run (backfilled ones included):"
                        + " each is cancelled (a training checkpoints and stops), or ended at once"
                        + " with --terminate. Works after the schedule was deleted too."
            })
    static final class StopRuns implements Callable<Integer> {
        @Parameters(index = "0")
        String id;

        @Option(names = "--terminate", description = "End the runs at once instead of cancelling")
        boolean terminate;

        @Override
        public Integer call() throws Exception {
            return with(s -> stop(s, id, terminate));
        }
    }

    static void stop(Schedules s, String id, boolean terminate) {
        java.util.List<String> runs = s.stopRuns(id, terminate);
        System.out.println(
                runs.isEmpty()
                        ? "no run of schedule " + id + " is running"
                        : (terminate ? "terminated " : "cancel requested for ")
                                + runs.size()
                                + " run(s) of schedule "
                                + id
                                + (terminate ? "" : " (each checkpoints and stops)"));
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a schedule (with --running, also stop the runs it started).")
    static final class Delete implements Callable<Integer> {
        @Parameters(index = "0")
        String id;

        @Option(
                names = "--running",
                description = "Also stop the runs it started that still run (as stop-runs)")
        boolean running;

        @Option(names = "--terminate", description = "With --running: end them at once")
        boolean terminate;

        @Override
        public Integer call() throws Exception {
            if (terminate && !running) {
                throw new IllegalArgumentException("--terminate applies with --running only");
            }
            return with(
                    s -> {
                        // first no new runs (the schedule and its pending backfill go), then the
                        // running ones
                        s.delete(id);
                        if (running) {
                            System.out.println("deleted schedule " + id);
                            stop(s, id, terminate);
                        } else {
                            int left = s.runningRuns(id).size();
                            System.out.println(
                                    "deleted schedule "
                                            + id
                                            + (left == 0
                                                    ? ""
                                                    : " ("
                                                            + left
                                                            + " run(s) it started still run: 'mla schedule stop-runs "
                                                            + id
                                                            + "' stops them)"));
                        }
                    });
        }
    }
}
