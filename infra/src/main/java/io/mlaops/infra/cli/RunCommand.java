package io.mlaops.infra.cli;

import io.mlaops.activities.common.TaskQueues;
import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.model.util.Sha256;
import io.mlaops.infra.services.Stack;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.workflows.pipeline.CellOutcome;
import io.mlaops.workflows.pipeline.CellRequest;
import io.mlaops.workflows.pipeline.TrainingPipelineWorkflow;
import io.mlaops.workflows.sweep.SweepCell;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mla run}: one cell as a durable pipeline (stage, train, evaluate, track) on the workers. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one cell (stage -> train -> evaluate -> track) as a durable workflow on the workers.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions opts;

    @Mixin
    CellOptions cell;

    @Option(names = "--experiment", defaultValue = "mla-runs", description = "MLflow experiment. Default: ${DEFAULT-VALUE}")
    String experiment;

    @Override
    public Integer call() throws Exception {
        TrainerConfig cfg = cell.config(opts);
        opts.evaluationConfig(); // validates --df and weights before anything starts
        DatasetSource source = "synthetic".equals(opts.dataset)
                ? new DatasetSource("synthetic", "synthetic", Map.of("seed", Long.toString(opts.dataSeed)))
                : new DatasetSource("folder", Path.of(opts.dataset).getFileName().toString(),
                        Map.of("path", Files.isDirectory(Path.of(opts.dataset)) ? Path.of(opts.dataset).toAbsolutePath().toString() : opts.dataset));
        SweepCell sweepCell = new SweepCell(source.name(), cfg.method().id(), cfg.hgm().name().toLowerCase(Locale.ROOT),
                cfg.unimodalModality(), cfg.seed());
        String id = "run-" + Sha256.hex(new TreeMap<>(cfg.toParams()) + "|" + source).substring(0, 12) + "." + sweepCell.key();
        try (Stack stack = Platform.connect()) {
            String exp = stack.tracker().experimentId(experiment);
            WorkflowClient client = stack.workflowClient();
            TrainingPipelineWorkflow wf = client.newWorkflowStub(TrainingPipelineWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(TaskQueues.WORKFLOWS).setWorkflowId(id)
                    .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE).build());
            CellRequest request = new CellRequest("runs", exp, "", sweepCell, source, Optional.empty(), cfg.toParams(), opts.df,
                    opts.fusionWeights, List.of(0.25, 0.5), 60);
            try {
                WorkflowClient.start(wf::run, request);
                System.err.println("mla: started " + id);
            } catch (WorkflowExecutionAlreadyStarted e) {
                System.err.println("mla: " + id + " is already running: attaching");
            }
            CellOutcome o = client.newUntypedWorkflowStub(id).getResult(CellOutcome.class);
            System.out.printf(Locale.ROOT, "%s: fused accuracy fixed %.2f%%, DF %.2f%%, per modality %s, gap %.3f%n", sweepCell.key(),
                    100 * o.metrics().fixedAccuracy(), 100 * o.metrics().dynamicAccuracy(), o.metrics().modalityAccuracy(),
                    o.metrics().modalityGap());
            System.out.println("MLflow run: " + stack.tracker().runUrl(exp, o.runId()));
            return 0;
        }
    }
}
