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
            ScheduleCommand.Delete.class
        })
final class ScheduleCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(
                "Usage: mla schedule create|list|describe|pause|unpause|trigger|backfill|delete");
    }

    interface Action {
        void on(Schedules s) throws Exception;
    }

    static int with(Action a) throws Exception {
        try (Stack stack = Platform.connectTemporal()) {
            a.on(new Schedules(stack.scheduleClient(), stack.temporalTarget()));
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
            description = "Run the pipeline for the times of a past window.")
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
            return with(
                    s -> {
                        s.backfill(id, f, t);
                        System.out.println(
                                "backfill of schedule "
                                        + id
                                        + " requested for "
                                        + f
                                        + " to "
                                        + t
                                        + ": one pipeline run per scheduled time in that window");
                    });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a schedule.")
    static final class Delete implements Callable<Integer> {
        @Parameters(index = "0")
        String id;

        @Override
        public Integer call() throws Exception {
            return with(
                    s -> {
                        s.delete(id);
                        System.out.println(
                                "deleted schedule " + id + " (runs already started go on)");
                    });
        }
    }
}
