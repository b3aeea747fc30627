package io.mlaops.infra.cli;

import io.mlaops.infra.services.Stack;
import io.mlaops.infra.services.StackState;
import io.mlaops.infra.sweep.SweepSpecParser;
import io.mlaops.workflows.sweep.SweepSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mla demo}: brings the local stack up, runs the demo sweep (2 x 2 HGM/DF ablation with
 * joint and unimodal rows over 3 seeds), prints the table and the MLflow URL.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Bring the local stack up and run the demo ablation sweep end to end.")
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--spec",
            defaultValue = "sweeps/demo.yaml",
            description = "Demo spec. Default: ${DEFAULT-VALUE}")
    Path spec;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        SweepSpec s =
                SweepSpecParser.parse(
                        io.mlaops.model.util.TextFiles.read(spec, "a YAML sweep spec (UTF-8 text)"),
                        Platform.kinds());
        // everything the demo needs, checked (and where allowed installed) before anything starts
        java.util.List<io.mlaops.model.util.SystemTool> tools = new java.util.ArrayList<>();
        s.datasets().forEach(d -> tools.addAll(Platform.requiredTools(d.kind())));
        io.mlaops.infra.services.ServiceConfig cfg = Platform.config();
        boolean needsVenvs =
                (cfg.mlflowTrackingUri().isEmpty()
                                && !io.mlaops.infra.services.PythonTool.pinned(
                                                io.mlaops.infra.services.EmbeddedMlflow.TOOL)
                                        .installed(cfg.venvs()))
                        || (cfg.temporalAddress().isEmpty()
                                && !io.mlaops.infra.services.PythonTool.pinned(
                                                io.mlaops.infra.services.TemporalDevServer.TOOL)
                                        .installed(cfg.venvs()));
        if (needsVenvs) {
            tools.add(Preflight.PYTHON_VENV);
        }
        Preflight.ensure(tools, true, System.err);
        StackState state = DevCommand.up(true);
        if (state == null) {
            return 1;
        }
        int rc;
        try (Stack stack = Platform.connect()) {
            io.mlaops.infra.cells.LegacyCells.migrateOnce(
                    stack.store(), stack.tracker(), System.err);
            rc =
                    SweepCommand.run(
                            stack.workflowClient(), s, SweepSpecParser.sweepId(s), true, 200, t0);
        }
        System.out.printf(
                Locale.ROOT,
                "demo wall time %.1f s (stack start included). The stack keeps running: "
                        + "browse MLflow at %s, stop it with ./mla dev down%n",
                (System.nanoTime() - t0) / 1e9,
                state.mlflowUri());
        return rc;
    }
}
