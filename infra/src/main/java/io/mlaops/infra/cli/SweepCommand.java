package io.mlaops.infra.cli;

import io.mlaops.activities.common.TaskQueues;
import io.mlaops.infra.services.Stack;
import io.mlaops.infra.sweep.SweepSpecParser;
import io.mlaops.workflows.sweep.AblationSweepWorkflow;
import io.mlaops.workflows.sweep.SweepProgress;
import io.mlaops.workflows.sweep.SweepRequest;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepSpec;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mla sweep --spec FILE [--wait]}: start (or attach to) an ablation sweep. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Validate a sweep spec, start the sweep (the same spec twice is one sweep), optionally wait for its table.")
final class SweepCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, description = "Sweep spec (YAML), e.g. sweeps/ablation.yaml")
    Path spec;

    @Option(names = "--wait", description = "Show live progress, then print the ablation table and the MLflow URL")
    boolean await;

    @Option(names = "--max-cells-per-run", defaultValue = "200", hidden = true)
    int maxCellsPerRun;

    @Override
    public Integer call() throws Exception {
        String text = io.mlaops.infra.sweep.SpecReader.read(spec, "--spec");
        SweepSpec s = SweepSpecParser.parse(text, Platform.kinds());
        String id = SweepSpecParser.sweepId(s);
        try (Stack stack = Platform.connect()) {
            return run(stack.workflowClient(), s, id, await, maxCellsPerRun);
        }
    }

    static int run(WorkflowClient client, SweepSpec s, String id, boolean await, int maxCellsPerRun) throws Exception {
        AblationSweepWorkflow wf = client.newWorkflowStub(AblationSweepWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS).setWorkflowId(id)
                // a finished sweep may run again: it then trains only the cells without a finished run
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE).build());
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
        java.util.concurrent.CompletableFuture<SweepResult> result = stub.getResultAsync(SweepResult.class);
        String last = "";
        while (!result.isDone()) {
            try {
                SweepProgress p = client.newWorkflowStub(AblationSweepWorkflow.class, id).progress();
                String line = progressLine(p, (System.nanoTime() - start) / 1e9);
                if (!line.equals(last)) {
                    System.err.println(line);
                    last = line;
                }
            } catch (RuntimeException e) {
                // between continue-as-new runs the query can miss: try again
            }
            try {
                result.get(2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // keep polling
            }
        }
        SweepResult r = result.get();
        printResult(r, (System.nanoTime() - start) / 1e9);
        return r.failures().isEmpty() && !r.cancelled() ? 0 : 1;
    }

    static String progressLine(SweepProgress p, double elapsed) {
        String eta = "";
        int remaining = p.total() - p.done() - p.failed();
        int trainedHere = p.done() - p.reused();
        if (trainedHere > 0 && remaining > 0) {
            eta = String.format(Locale.ROOT, ", ETA %.0f s", elapsed / trainedHere * remaining);
        }
        return String.format(Locale.ROOT, "[%s] cells %d/%d done (%d reused), %d running, %d failed, %.0f s elapsed%s",
                p.phase(), p.done(), p.total(), p.reused(), p.running(), p.failed(), elapsed, eta);
    }

    static void printResult(SweepResult r, double seconds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Sweep %s: %d cells trained, %d reused from earlier runs, %d failed%s, %.1f s; summed training %.1f s%n",
                r.sweepId(), r.trained(), r.reused(), r.failures().size(), r.cancelled() ? ", CANCELLED" : "", seconds, r.trainSeconds());
        TablePrinter.print(r.table(), System.out);
        r.failures().forEach((k, v) -> System.out.println("FAILED " + k + ": " + v));
        System.out.println();
        System.out.println("MLflow parent run: " + r.parentRunUrl());
    }
}
