package io.mlaops.infra.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mla} command line. Exit codes: 0 success, 1 a failure while running, 2 a bad flag,
 * value, data set or config (one line naming it, no stack trace; set {@code MLA_DEBUG=1} for the
 * trace).
 */
@Command(
        name = "mla",
        mixinStandardHelpOptions = true,
        version = "mla-ops 0.1.0",
        description =
                "Multimodal balancing experiments: MLA and the other methods of the recipe registry, as sweeps on Temporal with MLflow.",
        subcommands = {
            TrainCommand.class,
            AblateCommand.class,
            DataCommand.class,
            BenchCommand.class,
            DevCommand.class,
            WorkerCommand.class,
            SweepCommand.class,
            SweepControlCommands.Status.class,
            SweepControlCommands.Cancel.class,
            RunCommand.class,
            CellsCommand.class,
            ScheduleCommand.class,
            DashboardCommand.class,
            DemoCommand.class
        })
public final class MlaCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * @return a configured command line (also used by tests)
     */
    public static CommandLine commandLine() {
        CliEnvironment.prepareEngine();
        CommandLine cl = new CommandLine(new MlaCli());
        // the methods' options and variant flags come from the recipe registry
        RegistryFlags.addTo(cl.getSubcommands().get("train").getCommandSpec(), false);
        RegistryFlags.addTo(cl.getSubcommands().get("run").getCommandSpec(), false);
        RegistryFlags.addTo(cl.getSubcommands().get("ablate").getCommandSpec(), true);
        // and data build's flags from the data set kinds
        RegistryFlags.addKindOptions(
                cl.getSubcommands().get("data").getSubcommands().get("build").getCommandSpec(),
                io.mlaops.model.data.kinds.DatasetKinds.builtIn().buildable());
        // numbers as people write them: Java would also take 0x1p3 (8), 1.5f or NaN
        CommandLine.ITypeConverter<Double> decimal =
                v -> {
                    try {
                        return io.mlaops.model.util.Decimals.parse(v.trim());
                    } catch (NumberFormatException e) {
                        throw new CommandLine.TypeConversionException(
                                "'" + v + "' is not a decimal number (such as 0.5, 2 or 1e-3)");
                    }
                };
        cl.registerConverter(Double.class, decimal);
        cl.registerConverter(Double.TYPE, decimal);
        cl.registerConverter(Float.class, v -> decimal.convert(v).floatValue());
        cl.registerConverter(Float.TYPE, v -> decimal.convert(v).floatValue());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(
                (ex, args) -> {
                    ex.getCommandLine().getErr().println("mla: " + ex.getMessage());
                    ex.getCommandLine()
                            .getErr()
                            .println(
                                    "Run '"
                                            + ex.getCommandLine().getCommandSpec().qualifiedName()
                                            + " --help' for the allowed flags and values.");
                    return 2;
                });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
