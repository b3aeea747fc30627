package io.mlaops.infra.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.infra.services.EmbeddedTemporal;
import io.mlaops.workflows.promotion.PipelineSpec;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * On Temporal's Java test server (no Schedules) every schedule command says so and names the
 * alternatives; pipeline specs are validated before anything is scheduled.
 */
class SchedulesTest {
    private static final io.mlaops.infra.sweep.SpecContext KINDS = io.mlaops.infra.TestSupport.specs(Path.of("target", "no-home"));

    @Test
    void testServerHasNoSchedulesAndTheMessageSaysWhatToDo() throws Exception {
        PipelineSpec spec = PipelineSpecParser.parse(Files.readString(Path.of("..", "pipelines", "nightly.yaml")), KINDS);
        try (EmbeddedTemporal t = EmbeddedTemporal.start(0)) {
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget(t.target()).build());
            try {
                Schedules s = new Schedules(ScheduleClient.newInstance(stubs), t.target());
                Schedules.SchedulesUnavailableException e = assertThrows(Schedules.SchedulesUnavailableException.class,
                        () -> s.create("nightly", spec, "0 2 * * *", null, "skip", Duration.ofHours(1), "", false));
                assertTrue(e.getMessage().contains("has no Schedules") && e.getMessage().contains("TEMPORAL_ADDRESS")
                        && e.getMessage().contains("temporal server start-dev"), e.getMessage());
                assertThrows(Schedules.SchedulesUnavailableException.class, s::list);
                assertThrows(Schedules.SchedulesUnavailableException.class, () -> s.trigger("nightly"));
            } finally {
                stubs.shutdownNow();
            }
        }
    }

    @Test
    void pipelineSpecsAreValidated() throws Exception {
        PipelineSpec spec = PipelineSpecParser.parse(Files.readString(Path.of("..", "pipelines", "nightly.yaml")), KINDS);
        assertEquals("mla-av-digits", spec.model());
        assertEquals("paper", spec.cell().variant());
        assertEquals("mla", spec.cell().recipe());
        assertEquals("av-digits", spec.cell().dataset());
        assertEquals(0.005, spec.margin(), 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PipelineSpecParser.parse(
                "name: x\ndataset: {name: s, kind: synthetic}\nmodel: m\ncolour: red\n", KINDS)).getMessage().contains("unknown key 'colour'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PipelineSpecParser.parse(
                "name: x\ndataset: {name: s, kind: synthetic}\nmodel: m\nmetric: best\n", KINDS)).getMessage().contains("metric 'best'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PipelineSpecParser.parse(
                "name: x\ndataset: {name: s, kind: synthetic}\nmodel: m\ntrainer: {epochs: 0}\n", KINDS)).getMessage().contains("epochs 0"));
        // validated as completely as a sweep spec: data set options, methods, modalities, metric against the method
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PipelineSpecParser.parse(
                "name: x\ndataset: {name: s, kind: synthetic, options: {seed: abc}}\nmodel: m\n", KINDS)).getMessage()
                .contains("dataset.options.seed 'abc': expected an integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PipelineSpecParser.parse(
                "name: x\ndataset: {name: s, kind: synthetic}\nmethod: unimodal\nmodality: c\nmodel: m\n", KINDS)).getMessage()
                .contains("modality 'c': data set 's' has [a, b]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PipelineSpecParser.parse(
                "name: x\ndataset: {name: s, kind: synthetic}\nmethod: unimodal\nmodality: a\nmodel: m\n", KINDS)).getMessage()
                .contains("metric dynamic: method unimodal has no dynamic fusion"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PipelineSpecParser.parse(
                "name: x\ndataset: {name: s, kind: synthetic}\nmethod: joint\nhgm: paper\nmodel: m\n", KINDS)).getMessage()
                .contains("hgm: applies to method mla"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedules.overlap("sometimes")).getMessage().contains("skip"));
    }
}
