package io.mlaops.infra.cli;

import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.infra.services.Stack;
import io.mlaops.model.data.kinds.DatasetContext;
import io.mlaops.model.data.kinds.DatasetKinds;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.util.Sha256;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.pipeline.CellRequest;
import io.mlaops.workflows.pipeline.TrainingPipelineWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mla run}: one cell as a durable pipeline (stage, train, evaluate, track) on the workers.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        defaultValueProvider = RegistryFlags.TrainerDefaults.class,
        description =
                "Run one cell (stage -> train -> evaluate -> track) as a durable workflow on the workers.")
final class RunCommand implements Callable<Integer> {
    @Mixin TrainingOptions opts;

    @Mixin CellOptions cell;

    @Spec CommandSpec spec;

    @Option(
            names = "--experiment",
            defaultValue = "mla-runs",
            description = "MLflow experiment. Default: ${DEFAULT-VALUE}")
    String experiment;

    @Override
    public Integer call() throws Exception {
        DatasetSource given = opts.source();
        CellSpec sweepCell = cell.cell(given.name(), opts, spec);
        opts.evaluationConfig(); // validates --df and weights before anything starts
        // the data set is checked as the staging worker will check it, and its options completed
        DatasetKinds kinds = DatasetKinds.builtIn();
        DatasetSource source =
                new DatasetSource(
                        given.kind(),
                        given.name(),
                        kinds.check(
                                given.kind(),
                                given.options(),
                                "--dataset",
                                DatasetContext.of(CliEnvironment.home())));
        String id =
                "run-"
                        + Sha256.hex(new TreeMap<>(sweepCell.params()) + "|" + source)
                                .substring(0, 12)
                        + "."
                        + sweepCell.key();
        try (Stack stack = Platform.connect()) {
            String exp = stack.tracker().experimentId(experiment);
            WorkflowClient client = stack.workflowClient();
            TrainingPipelineWorkflow wf =
                    client.newWorkflowStub(
                            TrainingPipelineWorkflow.class,
                            WorkflowOptions.newBuilder()
                                    .setTaskQueue(TaskQueues.WORKFLOWS)
                                    .setWorkflowId(id)
                                    .setWorkflowIdReusePolicy(
                                            WorkflowIdReusePolicy
                                                    .WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                                    .build());
            CellRequest request =
                    new CellRequest(
                            "runs",
                            exp,
                            "",
                            "",
                            sweepCell,
                            source,
                            Optional.empty(),
                            opts.df,
                            opts.fusionWeights,
                            List.of(0.25, 0.5),
                            60);
            try {
                WorkflowClient.start(wf::run, request);
                System.err.println("mla: started " + id);
            } catch (WorkflowExecutionAlreadyStarted e) {
                System.err.println("mla: " + id + " is already running: attaching");
            }
            CellOutcome o = client.newUntypedWorkflowStub(id).getResult(CellOutcome.class);
            var shown = o.metrics().reported();
            var sel = o.metrics().selection();
            System.out.printf(
                    Locale.ROOT,
                    "%s (%s): fused accuracy fixed %.2f%%, DF %.2f%%, per modality %s, gap %.3f;"
                            + " last epoch: fixed %.2f%%, DF %.2f%%%n",
                    sweepCell.key(),
                    sel == null
                            ? "last epoch"
                            : sel.onValidation()
                                    ? "epoch "
                                            + sel.epoch()
                                            + " of "
                                            + sel.epochs()
                                            + ", selected by "
                                            + sel.metric()
                                    : "last epoch: no validation split",
                    100 * shown.fixedAccuracy(),
                    100 * shown.dynamicAccuracy(),
                    shown.modalityAccuracy(),
                    shown.modalityGap(),
                    100 * o.metrics().fixedAccuracy(),
                    100 * o.metrics().dynamicAccuracy());
            if (o.origin().equals("reused") || o.origin().equals("evaluated")) {
                System.out.println(
                        "cell "
                                + io.mlaops.model.cell.CellIdentity.shortId(o.cellId())
                                + " taken from the cell store (trained for "
                                + o.trainedFor()
                                + (o.origin().equals("evaluated") ? ", scored now" : "")
                                + ")");
            }
            String runExperiment = o.experimentId().isEmpty() ? exp : o.experimentId();
            System.out.println("MLflow run: " + stack.tracker().runUrl(runExperiment, o.runId()));
            return 0;
        }
    }
}
