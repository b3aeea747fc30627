package io.mlaops.infra.cli;

import io.mlaops.infra.services.Stack;
import io.mlaops.infra.sweep.SweepSpecParser;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepProgress;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.mlaops.workflows.sweep.SweepStubs;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mla sweep --spec FILE [--wait] [--plan] [--csv FILE [--per-seed] [--force]]}: start (or
 * attach to) an ablation sweep, or show its plan.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description =
                "Validate a sweep spec, start the sweep (the same spec twice is one sweep; cells finished by any earlier sweep are reused), optionally wait for its table.")
final class SweepCommand implements Callable<Integer> {
    @Option(
            names = "--spec",
            required = true,
            description = "Sweep spec (YAML), e.g. sweeps/ablation.yaml")
    Path spec;

    @Option(
            names = "--wait",
            description = "Show live progress, then print the ablation table and the MLflow URL")
    boolean await;

    @Option(names = "--max-cells-per-run", defaultValue = "200", hidden = true)
    int maxCellsPerRun;

    @Option(
            names = "--plan",
            description =
                    "Start nothing: print which cells the store has (and from which sweep), which would train or resume, and the time that should take from the recorded training times")
    boolean plan;

    @Option(names = "--csv", description = "With --wait: also write the table as CSV to this file")
    Path csv;

    @Option(
            names = "--per-seed",
            description =
                    "With --csv: one line per seed of every row (cell key and id, each number), for pooled or seed-by-seed analysis")
    boolean perSeed;

    @Option(names = "--force", description = "Replace an existing --csv file")
    boolean force;

    @Override
    public Integer call() throws Exception {
        String text =
                io.mlaops.model.util.TextFiles.read(
                        spec,
                        "a YAML sweep spec (UTF-8 text)"); // names the file when it is binary or
        // missing
        SweepSpec s = SweepSpecParser.parse(text, Platform.kinds());
        String id = SweepSpecParser.sweepId(s);
        TableCsv.check(csv, perSeed, force, await || plan, "--wait");
        if (plan && csv != null) {
            throw new IllegalArgumentException("--csv writes a sweep's table: not with --plan");
        }
        try (Stack stack = Platform.connect()) {
            io.mlaops.infra.cells.LegacyCells.migrateOnce(
                    stack.store(), stack.tracker(), System.err);
            if (plan) {
                return SweepPlanner.print(stack, s, id, System.out);
            }
            int code = run(stack.workflowClient(), s, id, await, maxCellsPerRun);
            if (csv != null && await) {
                SweepResult r =
                        stack.workflowClient()
                                .newUntypedWorkflowStub(id)
                                .getResult(SweepResult.class);
                TableCsv.write(r.table(), csv, perSeed, force);
                System.out.println("table written to " + csv + (perSeed ? " (per seed)" : ""));
            }
            return code;
        }
    }

    static int run(WorkflowClient client, SweepSpec s, String id, boolean await, int maxCellsPerRun)
            throws Exception {
        return run(client, s, id, await, maxCellsPerRun, System.nanoTime());
    }

    /**
     * @param commandStart {@code System.nanoTime()} when the user's command began: the time to the
     *     first training step is reported from there
     */
    static int run(
            WorkflowClient client,
            SweepSpec s,
            String id,
            boolean await,
            int maxCellsPerRun,
            long commandStart)
            throws Exception {
        AblationSweepWorkflow wf = SweepStubs.toStart(client, id);
        try {
            WorkflowClient.start(wf::run, new SweepRequest(s, id, List.of(), maxCellsPerRun));
            System.err.println("mla: started sweep " + id);
        } catch (WorkflowExecutionAlreadyStarted e) {
            System.err.println("mla: sweep " + id + " is already running: attaching");
        }
        if (!await) {
            System.out.println(id);
            return 0;
        }
        WorkflowStub stub = client.newUntypedWorkflowStub(id);
        long start = System.nanoTime();
        SweepWatch watch = new SweepWatch(client, id);
        java.time.Instant began = watch.started().orElse(java.time.Instant.now());
        java.util.concurrent.CompletableFuture<SweepResult> result =
                stub.getResultAsync(SweepResult.class);
        String last = "";
        long lastPrint = 0;
        boolean trainingSeen = false;
        while (!result.isDone()) {
            try {
                SweepProgress p = SweepStubs.running(client, id).progress();
                double elapsed =
                        java.time.Duration.between(began, java.time.Instant.now()).toMillis() / 1e3;
                List<String> lines =
                        new java.util.ArrayList<>(List.of(SweepWatch.progressLine(p, elapsed)));
                lines.addAll(watch.retries(p));
                if (!trainingSeen && watch.training(p)) {
                    trainingSeen = true;
                    lines.add(
                            String.format(
                                    Locale.ROOT,
                                    "  first training step %.1f s after the command started",
                                    (System.nanoTime() - commandStart) / 1e9));
                }
                String line = String.join("\n", lines);
                // a new line when something changed, and at least every 30 s as a sign of life
                if (!line.replaceAll("\\d+ s elapsed.*", "")
                                .equals(last.replaceAll("\\d+ s elapsed.*", ""))
                        || System.nanoTime() - lastPrint > 30_000_000_000L) {
                    System.err.println(line);
                    last = line;
                    lastPrint = System.nanoTime();
                }
            } catch (RuntimeException e) {
                // between continue-as-new runs the query can miss: try again
            }
            try {
                result.get(
                        trainingSeen ? 2000 : 250,
                        TimeUnit.MILLISECONDS); // finer until the first training shows
            } catch (java.util.concurrent.TimeoutException e) {
                // keep polling
            } catch (java.util.concurrent.ExecutionException e) {
                break; // reported below
            }
        }
        SweepResult r;
        try {
            r = result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("mla: sweep " + id + " failed: " + SweepWatch.failureReason(e));
            return 1;
        }
        printResult(r, (System.nanoTime() - start) / 1e9);
        return r.failures().isEmpty() && !r.cancelled() ? 0 : 1;
    }

    static void printResult(SweepResult r, double seconds) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Sweep %s: %d cells trained, %d reused from the cell store, %d failed%s, %.1f s; summed training %.1f s%n",
                r.sweepId(),
                r.trained(),
                r.reused(),
                r.failures().size(),
                r.cancelled()
                        ? ", CANCELLED ("
                                + r.cancelledCells().size()
                                + " cells stopped and checkpointed)"
                        : "",
                seconds,
                r.trainSeconds());
        // where reused cells came from: the sweep (or pipeline) that trained them
        java.util.Map<String, Long> from = new java.util.TreeMap<>();
        r.cells().stream()
                .filter(c -> !c.origin().isEmpty() && !c.origin().equals("trained"))
                .forEach(
                        c ->
                                from.merge(
                                        c.trainedFor().isEmpty() ? "?" : c.trainedFor(),
                                        1L,
                                        Long::sum));
        from.forEach((k, n) -> System.out.println("  reused " + n + " cell(s) trained for " + k));
        TablePrinter.print(r.table(), System.out);
        r.failures().forEach((k, v) -> System.out.println("FAILED " + k + ": " + v));
        System.out.println();
        System.out.println("MLflow parent run: " + r.parentRunUrl());
    }
}
