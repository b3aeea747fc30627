package io.mlaops.infra.cli;

import io.mlaops.infra.services.Stack;
import io.mlaops.workflows.sweep.SweepProgress;
import io.mlaops.workflows.sweep.SweepResult;
import io.mlaops.workflows.sweep.SweepStubs;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mla status <sweep>} and {@code mla cancel <sweep>}. */
final class SweepControlCommands {
    private SweepControlCommands() {}

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Progress of a sweep, or its table when finished.")
    static final class Status implements Callable<Integer> {
        @Parameters(index = "0", description = "Sweep id (printed by 'mla sweep')")
        String sweep;

        @picocli.CommandLine.Option(
                names = "--csv",
                description = "A finished sweep: also write its table as CSV to this file")
        java.nio.file.Path csv;

        @picocli.CommandLine.Option(
                names = "--per-seed",
                description = "With --csv: one line per seed of every row")
        boolean perSeed;

        @picocli.CommandLine.Option(
                names = "--force",
                description = "Replace an existing --csv file")
        boolean force;

        @Override
        public Integer call() throws Exception {
            TableCsv.check(csv, perSeed, force, true, "");
            try (Stack stack = Platform.connectTemporal()) {
                WorkflowStub stub = stack.workflowClient().newUntypedWorkflowStub(sweep);
                WorkflowExecutionStatus st;
                try {
                    st = stub.describe().getStatus();
                } catch (WorkflowNotFoundException e) {
                    throw new IllegalArgumentException("no sweep '" + sweep + "' on this Temporal");
                }
                if (st == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
                    SweepResult r = stub.getResult(SweepResult.class);
                    SweepCommand.printResult(r, 0);
                    if (csv != null) {
                        TableCsv.write(r.table(), csv, perSeed, force);
                        System.out.println(
                                "table written to " + csv + (perSeed ? " (per seed)" : ""));
                    }
                    // a cancelled sweep (or one with failed cells) completes, but did not succeed
                    return r.failures().isEmpty() && !r.cancelled() ? 0 : 1;
                }
                if (csv != null) {
                    throw new IllegalArgumentException(
                            "--csv: sweep '" + sweep + "' has no table yet (it has not finished)");
                }
                if (st == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED) {
                    String why;
                    try {
                        stub.getResult(SweepResult.class);
                        why = "failed";
                    } catch (RuntimeException e) {
                        why = SweepWatch.failureReason(e);
                    }
                    System.out.println("sweep " + sweep + ": failed: " + why);
                    return 1;
                }
                if (st != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                    System.out.println(
                            "sweep "
                                    + sweep
                                    + ": "
                                    + st.name()
                                            .replace("WORKFLOW_EXECUTION_STATUS_", "")
                                            .toLowerCase());
                    return 1;
                }
                SweepWatch watch = new SweepWatch(stack.workflowClient(), sweep);
                SweepProgress p = SweepStubs.running(stack.workflowClient(), sweep).progress();
                double elapsed =
                        watch.started()
                                .map(
                                        t ->
                                                java.time.Duration.between(
                                                                        t, java.time.Instant.now())
                                                                .toMillis()
                                                        / 1e3)
                                .orElse(0.0);
                System.out.println(SweepWatch.progressLine(p, elapsed));
                watch.retries(p).forEach(System.out::println);
                p.runningCells().forEach(c -> System.out.println("  running " + c));
                if (!p.lastFailure().isEmpty()) {
                    System.out.println("  last failure: " + SweepWatch.oneLine(p.lastFailure()));
                }
                if (!p.parentRunUrl().isEmpty()) {
                    System.out.println("MLflow parent run: " + p.parentRunUrl());
                }
                return 0;
            }
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancel a sweep: no new cells start, running ones checkpoint and stop.")
    static final class Cancel implements Callable<Integer> {
        @Parameters(index = "0", description = "Sweep id")
        String sweep;

        @Override
        public Integer call() throws Exception {
            try (Stack stack = Platform.connectTemporal()) {
                try {
                    SweepStubs.running(stack.workflowClient(), sweep).cancel();
                } catch (WorkflowNotFoundException e) {
                    throw new IllegalArgumentException("no running sweep '" + sweep + "'");
                }
                System.out.println(
                        "cancel requested for "
                                + sweep
                                + " (running cells write a checkpoint and stop)");
                return 0;
            }
        }
    }
}
