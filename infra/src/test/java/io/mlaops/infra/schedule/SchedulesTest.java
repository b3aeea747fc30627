package io.mlaops.infra.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.workflows.promotion.PipelineSpec;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against a Temporal without Schedules (Temporal's in-process test server) every schedule command
 * says so and names the alternatives; pipeline specs and cron expressions are validated before
 * anything is scheduled. (Schedules on the real server: {@code SchedulesEndToEndTest}.)
 */
class SchedulesTest {
    private static final io.mlaops.infra.sweep.SpecContext KINDS =
            io.mlaops.infra.TestSupport.specs(Path.of("target", "no-home"));

    @Test
    void testServerHasNoSchedulesAndTheMessageSaysWhatToDo() throws Exception {
        PipelineSpec spec =
                PipelineSpecParser.parse(
                        Files.readString(Path.of("..", "pipelines", "nightly.yaml")), KINDS);
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        try {
            Schedules s =
                    new Schedules(
                            ScheduleClient.newInstance(env.getWorkflowServiceStubs()),
                            env.getWorkflowClient(),
                            "test server");
            Schedules.SchedulesUnavailableException e =
                    assertThrows(
                            Schedules.SchedulesUnavailableException.class,
                            () ->
                                    s.create(
                                            "nightly",
                                            spec,
                                            "0 2 * * *",
                                            null,
                                            "skip",
                                            Duration.ofHours(1),
                                            "",
                                            false));
            assertTrue(
                    e.getMessage().contains("has no Schedules")
                            && e.getMessage().contains("TEMPORAL_ADDRESS")
                            && e.getMessage().contains("dev up"),
                    e.getMessage());
            assertThrows(Schedules.SchedulesUnavailableException.class, s::list);
            assertThrows(Schedules.SchedulesUnavailableException.class, () -> s.trigger("nightly"));
        } finally {
            env.close();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "''|is empty",
                "0 2 * *|has 4 fields",
                "0 2 * * * *|has 6 fields",
                "61 2 * * *|minute '61': 61 is out of range 0-59",
                "0 24 * * *|hour '24': 24 is out of range 0-23",
                "0 2 0 * *|day of month '0': 0 is out of range 1-31",
                "0 2 * 13 *|month '13'",
                "0 2 * * 8|day of week '8'",
                "x 2 * * *|'x' is not a number",
                "*/0 2 * * *|the step must be at least 1",
                "5-1 2 * * *|starts after it ends",
                "0 2 * FOO *|'FOO' is not a number",
                "@sometimes|unknown macro"
            })
    void badCronExpressionsAreNamedBeforeAnythingIsCreated(String cron, String expected) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Schedules.checkCron(cron));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "0 2 * * *",
                "*/5 * * * *",
                "0 0-6/2 1,15 JAN-MAR MON-FRI",
                "30 4 ? * SUN",
                "@daily",
                "@hourly",
                "0 2 * * 7"
            })
    void goodCronExpressionsPass(String cron) {
        Schedules.checkCron(cron);
    }

    @Test
    void theStoredCalendarPrintsAsCron() {
        var c =
                io.temporal.client.schedules.ScheduleCalendarSpec.newBuilder()
                        .setSeconds(List.of(new io.temporal.client.schedules.ScheduleRange(0)))
                        .setMinutes(List.of(new io.temporal.client.schedules.ScheduleRange(0)))
                        .setHour(List.of(new io.temporal.client.schedules.ScheduleRange(2)))
                        .setDayOfMonth(
                                List.of(new io.temporal.client.schedules.ScheduleRange(1, 31)))
                        .setMonth(List.of(new io.temporal.client.schedules.ScheduleRange(1, 12)))
                        .setDayOfWeek(List.of(new io.temporal.client.schedules.ScheduleRange(1, 5)))
                        .build();
        assertEquals("0 2 * * 1-5", CronCheck.format(c));
    }

    @Test
    void pipelineSpecsAreValidated() throws Exception {
        PipelineSpec spec =
                PipelineSpecParser.parse(
                        Files.readString(Path.of("..", "pipelines", "nightly.yaml")), KINDS);
        assertEquals("mla-av-digits", spec.model());
        assertEquals("paper", spec.cell().variant());
        assertEquals("mla", spec.cell().recipe());
        assertEquals("av-digits", spec.cell().dataset());
        assertEquals(0.005, spec.margin(), 0);
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        PipelineSpecParser.parse(
                                                "name: x\ndataset: {name: s, kind: synthetic}\nmodel: m\ncolour: red\n",
                                                KINDS))
                        .getMessage()
                        .contains("unknown key 'colour'"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        PipelineSpecParser.parse(
                                                "name: x\ndataset: {name: s, kind: synthetic}\nmodel: m\nmetric: best\n",
                                                KINDS))
                        .getMessage()
                        .contains("metric 'best'"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        PipelineSpecParser.parse(
                                                "name: x\ndataset: {name: s, kind: synthetic}\nmodel: m\ntrainer: {epochs: 0}\n",
                                                KINDS))
                        .getMessage()
                        .contains("epochs 0"));
        // validated as completely as a sweep spec: data set options, methods, modalities, metric
        // against the method
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        PipelineSpecParser.parse(
                                                "name: x\ndataset: {name: s, kind: synthetic, options: {seed: abc}}\nmodel: m\n",
                                                KINDS))
                        .getMessage()
                        .contains("dataset.options.seed 'abc': expected an integer"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        PipelineSpecParser.parse(
                                                "name: x\ndataset: {name: s, kind: synthetic}\nmethod: unimodal\nmodality: c\nmodel: m\n",
                                                KINDS))
                        .getMessage()
                        .contains("modality 'c': data set 's' has [a, b]"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        PipelineSpecParser.parse(
                                                "name: x\ndataset: {name: s, kind: synthetic}\nmethod: unimodal\nmodality: a\nmodel: m\n",
                                                KINDS))
                        .getMessage()
                        .contains("metric dynamic: method unimodal has no dynamic fusion"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        PipelineSpecParser.parse(
                                                "name: x\ndataset: {name: s, kind: synthetic}\nmethod: joint\nhgm: paper\nmodel: m\n",
                                                KINDS))
                        .getMessage()
                        .contains("hgm: applies to method mla"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Schedules.overlap("sometimes"))
                        .getMessage()
                        .contains("skip"));
    }
}
